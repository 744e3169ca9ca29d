// The contract of a disk tier, with three implementations: DiskTier (src/disk: IndexedDB),
// WorkerDisk (src/client: the same calls sent to the service worker) and HotDisk (src/sw: a
// worker's in-memory front of DiskTier). The HTTP strategies, the wire protocol and the page
// client work against this contract only. Keep it small.
import type { DiskRecordInfo, DiskStats, EvictDetail, ErrorDetail, QuotaStats, ResponseMeta, TrimResult } from './types.ts';
import type { ValueKind } from './valueKinds.ts';

/** How a value is encoded to bytes before it goes down a tier: see valueKinds.ts and value.ts. */
export type { ValueKind };
/** Declared in src/types.ts (the leaf that the inspector's InspectResult also builds on). */
export type { DiskRecordInfo, ResponseMeta };

/** A value as bytes: what the page transfers to the worker and what the codec compresses. */
export interface EncodedValue {
  kind: ValueKind;
  bytes: Uint8Array;
  meta?: ResponseMeta;
}

export interface DiskHit {
  value: EncodedValue;
  info: DiskRecordInfo;
  /** True when `expiresAt` has passed (returned only with `allowStale`). */
  stale: boolean;
}

export interface DiskTierOptions {
  /** One IndexedDB database per name. */
  name: string;
  /** Budget for stored bytes. Default 50 MiB. */
  maxBytes?: number;
  /** Fraction of the budget that eviction brings stored bytes down to. Default 0.9. */
  lowWater?: number;
  /** Largest raw value accepted; larger ones are refused. Default: maxBytes / 4. */
  maxEntryBytes?: number;
  /** `false` stores everything raw. `dictionary`: a shared dictionary for text bodies (default true, see codec/options.ts). */
  compress?: false | { minBytes?: number; level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; dictionary?: boolean };
  /** Call navigator.storage.persist() on open. Default false. */
  persist?: boolean;
  /** open() not answering within this many ms means memory-only mode (retried later). Default 3000. */
  openTimeoutMs?: number;
  /** Injectable clock (ms since epoch). Default Date.now. */
  now?: () => number;
  /** Seal each record (after compression) with AES-GCM: `true` = a key made once and kept in the database, or the app's own key. */
  encrypt?: boolean | CryptoKey;
}

export interface ClearOptions {
  /** With `encrypt`: destroy the key first (every record unreadable at once), then remove the records in the background. */
  shred?: boolean;
}

export interface DiskTierStats extends DiskStats {
  /** Records that failed checksum/size/format checks and were deleted. */
  corrupt: number;
  /** Entries a schema upgrade could not keep (bursts a version-2 database still staged), ever. */
  dropped: number;
  /** disk.maxBytes as configured. */
  budget: number;
  /** The budget in force now: lowered after a QuotaExceededError, climbing back as writes succeed. */
  effectiveBudget: number;
  /** 'idb' when IndexedDB answers; 'memory' when degraded (nothing is stored on disk). */
  mode: 'idb' | 'memory';
  quota: QuotaStats;
}

export interface SetOptions {
  /** Freshness from now; omitted = the record never expires. */
  ttlMs?: number;
}

export interface GetOptions {
  /** Return an expired record (flagged `stale`) instead of a miss. */
  allowStale?: boolean;
}

export interface ListOptions {
  /** At most this many records, most recently accessed first. Default 1000. */
  limit?: number;
}

/**
 * A disk tier: IndexedDB records, compressed, inside a byte budget.
 * No method rejects because storage failed: `set` resolves false, `get` resolves undefined,
 * and an `error` event (detail: ErrorDetail) is dispatched. Evictions dispatch `evict`
 * (detail: EvictDetail with tier 'disk').
 */
export interface DiskTierLike extends EventTarget {
  readonly name: string;
  get(key: string, options?: GetOptions): Promise<DiskHit | undefined>;
  /** Resolves true once the transaction holding the write completed; false if not stored. */
  set(key: string, value: EncodedValue, options?: SetOptions): Promise<boolean>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  clear(options?: ClearOptions): Promise<void>;
  list(options?: ListOptions): Promise<DiskRecordInfo[]>;
  batch<T>(fn: () => Promise<T> | T): Promise<T>;
  trim(): Promise<TrimResult>;
  stats(): Promise<DiskTierStats>;
  close(): void;
}

export type { EvictDetail, ErrorDetail };
