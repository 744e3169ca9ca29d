// Public types shared by the page cache, the disk tier and the service worker.

/** Why an entry left a tier. */
export type EvictReason = 'lru' | 'ttl' | 'budget' | 'quota' | 'manual';

/** Detail of the `evict` event on a TierCache or DiskTier. */
export interface EvictDetail {
  key: string;
  tier: 'memory' | 'disk';
  reason: EvictReason;
  bytes: number;
}

/** Detail of the `error` event: storage faults are reported here, never as rejections. */
export interface ErrorDetail {
  error: import('./errors.ts').CacheError;
}

export interface TrimResult {
  evicted: number;
  freedBytes: number;
  byReason: Partial<Record<EvictReason, number>>;
}

export interface MemoryStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

export interface DiskStats {
  entries: number;
  rawBytes: number;
  /** Exact sum of stored record sizes (own accounting, not navigator.storage.estimate()). */
  storedBytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

export interface QuotaStats {
  usage: number;
  quota: number;
  persisted: boolean;
}

export interface CacheStats {
  memory: MemoryStats;
  disk: DiskStats;
  quota: QuotaStats;
}

export type Strategy =
  | 'cache-first'
  | 'network-first'
  | 'stale-while-revalidate'
  | 'cache-only'
  | 'network-only';

export const STRATEGIES: readonly Strategy[] = [
  'cache-first',
  'network-first',
  'stale-while-revalidate',
  'cache-only',
  'network-only',
];
