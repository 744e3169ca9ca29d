// Public types shared by the page cache, the disk tier and the service worker. This file is a
// leaf: it imports no other module's types but the value kinds' and the error class's, and
// src/diskContract.ts builds on it (never the reverse).
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
  | 'network-only'
  /** The response's own headers decide, as a private HTTP cache (RFC 9111): src/http/httpStrategy.ts. */
  | 'http';

export const STRATEGIES: readonly Strategy[] = [
  'cache-first',
  'network-first',
  'stale-while-revalidate',
  'cache-only',
  'network-only',
  'http',
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
  /** The stored response headers (end-to-end ones, or the route's storeHeaders), lower-case names. */
  headers: [string, string][];
  /** With `Vary`: the request's values of the headers it names, by lower-case name, sorted (src/http/variants.ts). */
  vary?: [string, string][];
  /** The age it had when it arrived, ms (its Age, or the time since its Date), when above 0: counted in the Age it is served with. */
  age?: number;
  /** With other variants in the same record: the length of this one's body, which comes first. */
  bytes?: number;
  /** The other variants of the same URL, newest first; their bodies follow this one's, in order. */
  others?: StoredVariant[];
}

/** A variant of a URL stored behind the newest one, in the same record. */
export interface StoredVariant extends Omit<ResponseMeta, 'bytes' | 'others'> {
  bytes: number;
  createdAt: number;
  /** Absent: never expires. */
  expiresAt?: number;
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

/** The binary values the cache accepts: stored as bytes, read back as the same view type. */
export type CacheableBinary =
  | ArrayBuffer
  | DataView
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** JSON's values, as `set` accepts them (for annotating your own types). */
export type CacheableValue = string | number | boolean | null | CacheableBinary | readonly CacheableValue[] | { readonly [key: string]: CacheableValue | undefined };

/** Objects that are not plain: `set` refuses them at run time, so they do not compile either. */
type NotPlain = Map<unknown, unknown> | Set<unknown> | WeakMap<object, unknown> | WeakSet<object> | Date | RegExp | Promise<unknown> | Error | Blob;

/**
 * `T` where the cache can store it, `never` where TypeScript can tell it cannot: functions,
 * symbols, bigint, `undefined`, `Map`, `Set`, `Date`, class instances with methods…, checked
 * member by member through arrays and objects. Works on interfaces too (an index-signature type
 * would reject them), and lets `unknown`/`any` through (checked at run time).
 * Used as `set<T>(key, value: T & Cacheable<T>)`: the value checks its own type.
 */
export type Cacheable<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null | CacheableBinary
    ? T
    : T extends ((...args: never[]) => unknown) | symbol | bigint | undefined | NotPlain
      ? never
      : T extends CacheableValue
        ? T
      : T extends readonly unknown[]
        ? { readonly [I in keyof T]: Cacheable<T[I]> }
        : T extends object
          ? { readonly [K in keyof T]: K extends symbol ? never : undefined extends T[K] ? Cacheable<Exclude<T[K], undefined>> | undefined : Cacheable<T[K]> }
          : never;

/** Detail of the `mode` event: how the disk tier is reached now. */
export interface ModeDetail {
  mode: DiskMode;
}

/** The events a TierCache dispatches: `addEventListener` infers each `detail`. */
export interface TierCacheEventMap {
  evict: CustomEvent<EvictDetail>;
  error: CustomEvent<ErrorDetail>;
  change: CustomEvent<ChangeDetail>;
  mode: CustomEvent<ModeDetail>;
}
