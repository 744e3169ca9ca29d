// A Map-backed DiskTierLike for node tests of PURE logic only (strategies, protocol dispatch).
// It stores nothing on disk; storage itself is tested in Chromium against the real DiskTier.
import type { DiskHit, DiskRecordInfo, DiskTierLike, DiskTierStats, EncodedValue, SetOptions } from '../../../src/diskContract.ts';
import type { TrimResult } from '../../../src/types.ts';

export class MapDisk extends EventTarget implements DiskTierLike {
  readonly name: string;
  readonly records = new Map<string, { value: EncodedValue; info: DiskRecordInfo }>();
  now: () => number;
  /** Make the next set calls resolve false (a refused write). */
  refuse = false;
  hits = 0;
  misses = 0;

  constructor(name = 'test', now: () => number = Date.now) {
    super();
    this.name = name;
    this.now = now;
  }
  async get(key: string, options: { allowStale?: boolean } = {}): Promise<DiskHit | undefined> {
    const r = this.records.get(key);
    const stale = r !== undefined && r.info.expiresAt <= this.now();
    if (!r || (stale && !options.allowStale)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { value: { ...r.value, bytes: r.value.bytes.slice() }, info: { ...r.info }, stale };
  }
  async set(key: string, value: EncodedValue, options: SetOptions = {}): Promise<boolean> {
    if (this.refuse) return false;
    const now = this.now();
    const info: DiskRecordInfo = {
      key,
      kind: value.kind,
      codec: 'raw',
      rawBytes: value.bytes.byteLength,
      storedBytes: value.bytes.byteLength,
      createdAt: now,
      expiresAt: options.ttlMs === undefined ? Infinity : now + options.ttlMs,
      lastAccess: now,
    };
    if (value.meta) info.meta = value.meta;
    this.records.set(key, { value: { ...value, bytes: value.bytes.slice() }, info });
    return true;
  }
  async has(key: string): Promise<boolean> {
    return this.records.has(key);
  }
  async delete(key: string): Promise<boolean> {
    return this.records.delete(key);
  }
  async clear(): Promise<void> {
    this.records.clear();
  }
  async list(): Promise<DiskRecordInfo[]> {
    return [...this.records.values()].map((r) => r.info);
  }
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    return fn();
  }
  async trim(): Promise<TrimResult> {
    return { evicted: 0, freedBytes: 0, byReason: {} };
  }
  async stats(): Promise<DiskTierStats> {
    return {
      entries: this.records.size, rawBytes: 0, storedBytes: 0, hits: this.hits, misses: this.misses, evictions: 0, corrupt: 0, dropped: 0,
      budget: 0, effectiveBudget: 0, mode: 'memory', quota: { usage: 0, quota: 0, persisted: false },
    };
  }
  close(): void {}
}
