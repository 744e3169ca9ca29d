// Public types shared by the page cache, the disk tier and the service worker. This file is a
// leaf: it imports no other module's types but the value kinds' and the error class's, and
// src/disk/types.ts builds on it (never the reverse).
import type { ValueKind } from './valueKinds.ts';
import type { CacheError } from './errors.ts';

/** Bounds of the in-page LRU: at least one of maxEntries and maxBytes (`{}` does not compile). */
export type MemoryBounds = { maxEntries: number; maxBytes?: number } | { maxEntries?: number; maxBytes: number };

/** createCache's `memory`: a bound, and optionally the largest entry and weak second chances. */
export type MemoryOptions = MemoryBounds & { maxEntryBytes?: number; weak?: boolean };

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
  error: CacheError;
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

/** One memory-tier entry as the inspector sees it. */
export interface MemoryEntryInfo {
  key: string;
  size: number;
  createdAt: number;
  /** Infinity when the entry never expires. */
  expiresAt: number;
  hits: number;
}

/** How a TierCache reaches its disk tier right now. */
export type DiskMode =
  | 'worker' // a controlling service worker runs the disk tier (RPC over MessageChannel)
  | 'page' // no controlling worker: the page opened the disk tier itself
  | 'memory' // disk: false, or storage unavailable: memory only
  | 'closed';

/** Detail of the `change` event: a key changed in this tab, another tab, or the worker. */
export interface ChangeDetail {
  type: 'set' | 'delete' | 'clear' | 'update';
  key?: string;
  /** 'local' = this TierCache; 'remote' = another tab or the worker. */
  origin: 'local' | 'remote';
}

/** What is kept of an HTTP response besides its body. */
export interface ResponseMeta {
  url: string;
  status: number;
  statusText: string;
  /** Only allowlisted headers, lower-case names. */
  headers: [string, string][];
}

/** Everything known about a stored record except its body (cheap to list). */
export interface DiskRecordInfo {
  key: string;
  kind: ValueKind;
  codec: 'raw' | 'deflate';
  rawBytes: number;
  storedBytes: number;
  createdAt: number;
  /** Infinity when the record never expires. */
  expiresAt: number;
  lastAccess: number;
  meta?: ResponseMeta;
}

/** What `TierCache.inspect()` resolves to: everything the inspector page shows besides stats(). */
export interface InspectResult {
  mode: DiskMode;
  /** Whether a service worker controls the page now. */
  controlled: boolean;
  memory: {
    /** Most recently used first, at most `limit`. */
    entries: MemoryEntryInfo[];
    maxEntries: number | undefined;
    maxBytes: number | undefined;
  };
  disk: {
    /** Most recently accessed first, at most `limit`; empty in memory mode. */
    entries: DiskRecordInfo[];
    budget: number;
    effectiveBudget: number;
    corrupt: number;
  };
}
