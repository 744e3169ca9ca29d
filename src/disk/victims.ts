// Victim choice for the eviction loop: a pure function over record metas, unit-tested in node.
import type { EvictReason } from '../types.ts';

/** Keys of the app shell's files (serveCache's precache): counted like the rest, evicted after all other live records. */
export const PRECACHE_PREFIX = 'precache:';
const precached = (key: string): number => (key.startsWith(PRECACHE_PREFIX) ? 1 : 0);

export interface VictimCandidate {
  key: string;
  storedBytes: number;
  /** Absent or Infinity: never expires. */
  expiresAt?: number;
  lastAccess: number;
}

export interface Victim {
  key: string;
  reason: EvictReason;
  bytes: number;
}

export interface VictimOptions {
  now: number;
  /** Stop once this many stored bytes are chosen (expired records may go beyond it with `purgeExpired`). */
  bytesToFree: number;
  /** At most this many victims (one bounded batch). */
  limit: number;
  /** Take every expired candidate even when fewer bytes would do (trim()). */
  purgeExpired?: boolean;
  /** Reason given to live records evicted for space: 'budget', or 'quota' during quota recovery. */
  spaceReason?: 'budget' | 'quota';
}

/**
 * Orders victims: expired records first (earliest expiry first, reason 'ttl'), then live records
 * least recently accessed first (ties: key order), the app shell's (PRECACHE_PREFIX) after all others, until `bytesToFree` is reached or `limit`
 * victims are chosen. Candidates may repeat (the same record seen through two indexes).
 */
export function chooseVictims(candidates: Iterable<VictimCandidate>, options: VictimOptions): Victim[] {
  const { now, bytesToFree, limit, purgeExpired = false, spaceReason = 'budget' } = options;
  const unique = new Map<string, VictimCandidate>();
  for (const c of candidates) if (!unique.has(c.key)) unique.set(c.key, c);
  const expired: VictimCandidate[] = [];
  const live: VictimCandidate[] = [];
  for (const c of unique.values()) (c.expiresAt !== undefined && now >= c.expiresAt ? expired : live).push(c);
  expired.sort((a, b) => a.expiresAt! - b.expiresAt! || compareKeys(a.key, b.key));
  live.sort((a, b) => precached(a.key) - precached(b.key) || a.lastAccess - b.lastAccess || compareKeys(a.key, b.key));

  const victims: Victim[] = [];
  let freed = 0;
  for (const c of expired) {
    if (victims.length >= limit) return victims;
    if (freed >= bytesToFree && !purgeExpired) return victims;
    victims.push({ key: c.key, reason: 'ttl', bytes: c.storedBytes });
    freed += c.storedBytes;
  }
  for (const c of live) {
    if (victims.length >= limit || freed >= bytesToFree) return victims;
    victims.push({ key: c.key, reason: spaceReason, bytes: c.storedBytes });
    freed += c.storedBytes;
  }
  return victims;
}

/** Key order as IndexedDB sorts string keys (by UTF-16 code units), the one comparison of the disk tier. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
