// The eviction log's model: the last `capacity` evictions (newest first) and running counts
// by reason and tier since the inspector mounted. Pure, tested in node.
import type { EvictDetail, EvictReason } from '../../src/types.ts';

export const REASONS: readonly EvictReason[] = ['lru', 'ttl', 'budget', 'quota', 'manual'];

export interface LoggedEviction extends EvictDetail {
  /** ms since epoch when the event arrived. */
  at: number;
  /** Increasing id, for stable rendering. */
  seq: number;
}

export class EvictionLog {
  readonly capacity: number;
  #entries: LoggedEviction[] = [];
  #seq = 0;
  #byReason = new Map<EvictReason, { count: number; bytes: number }>();
  #byTier = { memory: 0, disk: 0 };

  constructor(capacity = 500) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Records an `evict` event's detail; a malformed detail is ignored and false is returned. */
  add(detail: unknown, at: number): boolean {
    if (typeof detail !== 'object' || detail === null) return false;
    const d = detail as Partial<EvictDetail>;
    if (typeof d.key !== 'string' || (d.tier !== 'memory' && d.tier !== 'disk')) return false;
    if (!REASONS.includes(d.reason as EvictReason)) return false;
    const bytes = typeof d.bytes === 'number' && Number.isFinite(d.bytes) && d.bytes >= 0 ? d.bytes : 0;
    const entry: LoggedEviction = { key: d.key, tier: d.tier, reason: d.reason as EvictReason, bytes, at, seq: ++this.#seq };
    this.#entries.unshift(entry);
    if (this.#entries.length > this.capacity) this.#entries.length = this.capacity;
    const r = this.#byReason.get(entry.reason) ?? { count: 0, bytes: 0 };
    r.count++;
    r.bytes += bytes;
    this.#byReason.set(entry.reason, r);
    this.#byTier[entry.tier]++;
    return true;
  }

  /** Newest first, optionally only some reasons. */
  entries(reasons?: ReadonlySet<EvictReason>): LoggedEviction[] {
    return reasons ? this.#entries.filter((e) => reasons.has(e.reason)) : [...this.#entries];
  }

  /** Counts since mount (not capped by `capacity`). */
  counts(): { total: number; byReason: Record<EvictReason, { count: number; bytes: number }>; byTier: { memory: number; disk: number } } {
    const byReason = Object.fromEntries(REASONS.map((r) => [r, { ...(this.#byReason.get(r) ?? { count: 0, bytes: 0 }) }])) as Record<
      EvictReason,
      { count: number; bytes: number }
    >;
    return { total: this.#seq, byReason, byTier: { ...this.#byTier } };
  }

  clear(): void {
    this.#entries = [];
    this.#byReason.clear();
    this.#byTier = { memory: 0, disk: 0 };
    this.#seq = 0;
  }
}
