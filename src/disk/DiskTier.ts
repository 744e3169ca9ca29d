// DiskTier: compressed records in IndexedDB inside a byte budget. Runs the same in a window, a
// worker and a service worker (no DOM: `self.indexedDB`, `navigator.locks` when present).
//
// Contract (see types.ts): no method rejects because storage failed. `set` resolves true only
// once the transaction holding the write completed; false when refused or not stored. Faults
// degrade to memory-only mode (nothing stored) and dispatch `error` with a CacheError.
import { CacheError, type CacheErrorCode } from '../errors.ts';
import type { EvictReason, TrimResult } from '../types.ts';
import { decodeBody, decodeBodyAsync, encodeBodyAsync, encodeRaw, makeMeta, type DecodeResult, type EncodedBody } from './codec.ts';
import {
  commit,
  evictBatch,
  listMetas,
  openStore,
  readJournal,
  readJournalIds,
  readMeta,
  readRecord,
  readTotals,
  stage,
  unstage,
  type CommitResult,
  type Move,
  type StageResult,
  type UnstageResult,
  type WriteOp,
} from './model.ts';
import { ReadMarks } from '../readMarks.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { budgetAfterQuota, climbBudget } from './quotaBudget.ts';
import { isExpired, isMeta, toInfo, type EntryRecord, type MetaRecord, type Totals } from './record.ts';
import type {
  DiskHit,
  DiskRecordInfo,
  DiskTierLike,
  DiskTierOptions,
  DiskTierStats,
  EncodedValue,
  GetOptions,
  ListOptions,
  SetOptions,
  ValueKind,
} from './types.ts';

/** Compression runs at most this long before the event loop gets a turn (see #takeChunk). */
const COMPRESS_SLICE_MS = 8;

/**
 * A turn of the event loop: a message to ourselves. Unlike setTimeout(0) it is not clamped to
 * 4 ms when chained, and unlike scheduler.yield() it queues behind tasks already waiting (timers,
 * a worker's fetch events) instead of resuming ahead of them.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

/** Victims per eviction transaction: bounds how long one eviction holds the store. */
export const EVICT_BATCH = 2000;
/**
 * A write transaction carries at most this many ops (issuing a put's requests costs 50–140 µs
 * of the thread here, and a transaction's requests are issued in one task: 250 ops keep that
 * task near 15–35 ms; the extra transactions cost 1–3 ms each)…
 */
const MAX_TX_OPS = 250;
/** …and this many stored bytes, so one QuotaExceededError drops at most this much. */
const MAX_TX_BYTES = 1 << 20;
/**
 * Bursts. While at least this many raw bytes of puts wait on the queue (a burst: 1 MiB takes
 * 20–40 ms to deflate here), write batches are staged uncompressed, each as one journal (two
 * records whatever its number of entries, see model.ts), and acknowledged as soon as their
 * transaction completes; once the write queue is idle, compaction deflates the journal's entries
 * and moves them into the ordinary stores (see #compactSoon). Deflate alone runs at 24–54 MB/s
 * here, slower than IndexedDB stores raw bytes, so a burst compressed first could never be
 * acknowledged as fast as an uncompressed store takes it, and two records per entry cost more
 * requests than one store of plain values (`npm run bench:disk`, `bench:diskparts`). Smaller
 * backlogs, and every batch when the budget is near or a quota error has been seen, deflate
 * before their transaction as always.
 */
const DEFER_FROM_BYTES = 1024 * 1024;
/** A journal carries at most this many entries and raw bytes. */
const MAX_DEFERRED_TX_OPS = 250;
const MAX_DEFERRED_TX_BYTES = 4 * 1024 * 1024;
/** At most this many raw bytes (staged by this context) wait uncompressed on disk for compaction; beyond it, batches deflate first. */
const MAX_DEFERRED_BYTES = 16 * 1024 * 1024;
/** A compaction transaction moves at most this many raw bytes (a few ms of deflate)… */
const COMPACT_CHUNK_BYTES = 256 * 1024;
/** …and the first one starts once the write queue has been idle this long. */
const COMPACT_AFTER_MS = 50;
/**
 * A compaction transaction that failed (over quota, typically: its deflated puts are refused until
 * evictions free usage) starts over after COMPACT_RETRY_MS, doubling up to COMPACT_RETRY_MAX_MS;
 * after MAX_COMPACT_FAILURES the journal is left on disk for trim() or the next open.
 */
const COMPACT_RETRY_MS = 1000;
const COMPACT_RETRY_MAX_MS = 30_000;
const MAX_COMPACT_FAILURES = 8;
/** Last-access updates from reads wait at most this long (or this many) before they are written. */
const TOUCH_FLUSH_MS = 2000;
const TOUCH_FLUSH_COUNT = 512;
/** After open() failed or timed out, the next attempt waits this long (injected clock). */
export const REOPEN_AFTER_MS = 30_000;
/** The checks after the first open (quota hint, eviction, journals to compact) wait at most this long for queued writes. */
const OPEN_CHECKS_WAIT_MS = 1000;
/** The quota hint from estimate() counts at this fraction (Chromium's is usage + 10 GiB anyway). */
const QUOTA_HINT_SHARE = 0.9;
/** After a QuotaExceededError the budget never drops below this (see quotaBudget.ts). */
const MIN_EFFECTIVE_BUDGET = 256 * 1024;

const VALUE_KINDS = new Set<ValueKind>([
  'json',
  'string',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'response',
]);

interface PendingPut {
  type: 'put';
  key: string;
  value: EncodedValue;
  createdAt: number;
  expiresAt: number;
  ttlMs: number | undefined;
}
interface PendingDelete {
  type: 'delete';
}
type Overlay = PendingPut | PendingDelete;

/**
 * The compaction of a journal: its entries are read back from disk (and verified) when it starts,
 * a burst's bytes are not held in memory meanwhile, and moved a transaction at a time.
 */
interface PendingCompact {
  type: 'compact';
  id: number;
  /** Raw bytes this context staged there and has not moved yet (0 for a journal found at open). */
  rawBytes: number;
  /** Transactions of it that failed (see COMPACT_RETRY_MS). */
  failures: number;
  /** Not before this time (performance.now()): after a failure. */
  retryAt?: number;
  /** clear() dropped it: nothing left to do, and no bytes to count. */
  dropped?: boolean;
  /** Raw bytes moved per transaction. */
  maxBytes: number;
  /** The entries still to move, once read back. */
  entries?: { key: string; meta: MetaRecord; body: unknown }[];
}

/** Whether a journal's compaction may start at `now` (not waiting out a retry delay). */
function ready(job: PendingCompact, now: number): boolean {
  return (job.retryAt ?? 0) <= now;
}

/** A burst batch: stored as one journal. */
interface StageOp {
  type: 'stage';
  entries: EntryRecord[];
}
/** A compaction batch: entries of one journal moved into meta and bodies. */
interface UnstageOp {
  type: 'unstage';
  id: number;
  moves: Move[];
}
/** A batch is WriteOps for commit(), or one StageOp, or one UnstageOp. */
type TierOp = WriteOp | StageOp | UnstageOp;

interface PreparedOp {
  /** Absent: nothing to write of its own (a put staged by the batch's StageOp, a compaction with nothing left). */
  op?: TierOp;
  resolve?: (ok: boolean) => void;
  overlay?: Overlay;
  /** A put staged by the batch's StageOp (kept to deflate if the batch must be retried). */
  staged?: PendingPut;
  /** A compaction's journal. */
  compaction?: PendingCompact;
}

/** A batch's transaction, issued (`attempt`) or still to open (no connection yet). */
interface Issued {
  ops: TierOp[];
  attempt?: Promise<CommitResult>;
}

/** At most this many write transactions are issued and not yet settled (see #flushLoop). */
const MAX_IN_FLIGHT = 2;

/** The bytes a batch op adds to disk, as far as known before its transaction. */
function storedBy(op: TierOp): number {
  if (op.type === 'put') return op.record?.storedBytes ?? 0;
  if (op.type === 'stage') return op.entries.reduce((sum, e) => sum + e.storedBytes, 0);
  return 0;
}

/** The keys a batch writes, or undefined when it must not overlap any other (a clear). */
function overlapKeys(chunk: readonly PreparedOp[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const { op } of chunk) {
    if (!op) continue;
    if (op.type === 'clear') return undefined;
    if (op.type === 'stage') for (const entry of op.entries) keys.add(entry.key);
    else if (op.type === 'unstage') for (const move of op.moves) keys.add(move.key);
    else keys.add(op.key);
  }
  return keys;
}

/** Runs a batch's transaction: a StageOp or an UnstageOp is a batch of its own. */
function run(db: IDBDatabase, ops: readonly TierOp[]): Promise<CommitResult | StageResult | UnstageResult> {
  const [first] = ops;
  if (first?.type === 'stage') return stage(db, first.entries);
  if (first?.type === 'unstage') return unstage(db, first.id, first.moves);
  return commit(db, ops as WriteOp[]);
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return false;
  return true;
}

interface QueuedOp {
  /** A put's op is built (compressed) when its batch is prepared, just before its transaction. */
  op: Exclude<WriteOp, { type: 'put' }> | PendingPut | PendingCompact;
  resolve?: (ok: boolean) => void;
  /** The read-your-writes entry this op created; removed once the op settles, unless replaced. */
  overlay?: Overlay;
}

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`key must be a string, got ${typeof key}`);
}

function assertEncoded(value: unknown): asserts value is EncodedValue {
  if (typeof value !== 'object' || value === null) throw new TypeError('value must be an EncodedValue { kind, bytes, meta? } (see encodeValue)');
  const { kind, bytes } = value as EncodedValue;
  if (!VALUE_KINDS.has(kind)) throw new TypeError(`value.kind ${String(kind)} is not a known ValueKind`);
  if (!(bytes instanceof Uint8Array)) throw new TypeError('value.bytes must be a Uint8Array');
}

function isQuotaError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

function isClosedError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'InvalidStateError';
}

function emptyTrim(): TrimResult {
  return { evicted: 0, freedBytes: 0, byReason: {} };
}

function addTrim(into: TrimResult, from: TrimResult): void {
  into.evicted += from.evicted;
  into.freedBytes += from.freedBytes;
  for (const [reason, n] of Object.entries(from.byReason) as [EvictReason, number][]) {
    into.byReason[reason] = (into.byReason[reason] ?? 0) + n;
  }
}

export class DiskTier extends EventTarget implements DiskTierLike {
  readonly name: string;
  readonly #options: ResolvedOptions;
  readonly #now: () => number;

  #db: IDBDatabase | undefined;
  #opening: Promise<IDBDatabase | undefined> | undefined;
  #mode: 'idb' | 'memory' = 'idb';
  #reopenAt = 0;
  #openedOnce = false;
  #closed = false;

  #queue: QueuedOp[] = [];
  #overlay = new Map<string, Overlay>();
  /** Reads in flight by key, marked when a set, delete or clear is issued meanwhile (see #lookup). */
  readonly #reading = new ReadMarks();
  #clearsPending = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> | undefined;
  #touches = new Map<string, number>();
  #touchTimer: ReturnType<typeof setTimeout> | undefined;

  /** Journals to compact, oldest first (a batch of one under way is on the write queue or in flight meanwhile). */
  #compactQueue: PendingCompact[] = [];
  /** Journals this context compacts (queued or under way), by id. */
  #journals = new Map<number, PendingCompact>();
  /** A journal's compaction was given up here (failed, or not read): look for journals again at the next reopen. */
  #journalsLost = false;
  /** Raw bytes this context staged and has not moved yet (stored uncompressed until compacted). */
  #deferredBytes = 0;
  #compactTimer: ReturnType<typeof setTimeout> | undefined;
  /** Raw bytes of the puts on #queue. */
  #queuedPutBytes = 0;
  /** The last batch taken was a burst's, and puts were left behind it (see #takeChunk). */
  #burstTail = false;
  /** Stored bytes as of the last transaction that told us; undefined until one has. */
  #storedHint: number | undefined;

  #batchDepth = 0;
  #evictWanted = false;
  #evicting: Promise<TrimResult> | undefined;
  #evictAgain = false;
  #purgeWanted = false;
  #effectiveBudget: number;
  /** Highest stored bytes a QuotaExceededError was seen at: anchors the budget (quotaBudget.ts). */
  #quotaPeak = 0;
  /** Failed quota retries whose eviction freed usage, since a write was last stored. */
  #quotaFailures = 0;
  /** During quota recovery eviction deletes only (see model.ts): a put would be refused. */
  #overQuota = false;

  #hits = 0;
  #misses = 0;
  #evictions = 0;

  /** Opens lazily: throws only TypeError/RangeError for bad options, never for storage. */
  constructor(options: DiskTierOptions) {
    super();
    this.#options = resolveOptions(options);
    this.name = this.#options.name;
    this.#now = this.#options.now;
    this.#effectiveBudget = this.#options.maxBytes;
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────

  async get(key: string, options: GetOptions = {}): Promise<DiskHit | undefined> {
    assertKey(key);
    const allowStale = options.allowStale === true;
    if (this.#closed) return undefined;
    const hit = await this.#lookup(key, allowStale);
    if (hit) this.#hits++;
    else this.#misses++;
    return hit;
  }

  /** The answer to a get: from the queued writes, else from disk. */
  async #lookup(key: string, allowStale: boolean): Promise<DiskHit | undefined> {
    const early = this.#fromOverlay(key, allowStale);
    if (early !== null) return early;
    // A set, delete or clear of the key issued while the read is on its way marks it: what the
    // read found may be older than that change, which may already be stored (and so no longer
    // in the overlay) by the time the read returns. A marked read is read once more.
    for (let attempt = 0; ; attempt++) {
      const mark = this.#reading.take(key);
      let result: DiskHit | undefined;
      try {
        result = await this.#readDisk(key, allowStale);
      } finally {
        this.#reading.release(key, mark);
      }
      if (!mark.changed || attempt > 0) return result;
      const pending = this.#fromOverlay(key, allowStale);
      if (pending !== null) return pending;
      if (this.#closed) return undefined;
    }
  }

  /** One read of `key` from disk: the hit, or undefined (absent, stale, corrupt, no connection, failed). */
  async #readDisk(key: string, allowStale: boolean): Promise<DiskHit | undefined> {
    const db = await this.#connection();
    if (!db) return undefined;
    let found: EntryRecord | null | undefined;
    try {
      found = await this.#withReopen(db, (d) => readRecord(d, key));
    } catch (error) {
      this.#report(isClosedError(error) ? 'closed' : 'write', `reading "${key}" failed`, error);
      return undefined;
    }
    // A write or delete queued while we were reading wins: read-your-writes.
    const late = this.#fromOverlay(key, allowStale);
    if (late !== null) return late;
    if (found === undefined) return undefined;
    if (found === null) {
      this.#enqueue({ op: { type: 'drop', key } });
      this.#report('corrupt', `record "${key}" has no readable metadata: deleted`);
      return undefined;
    }
    const record = found;
    let decoded: DecodeResult;
    try {
      decoded = await decodeBodyAsync(record, record.body);
    } catch {
      decoded = { ok: false, reason: 'inflate' }; // it never rejects; if it ever did, the record is what failed
    }
    // Large bodies inflate asynchronously: a write or delete queued meanwhile still wins.
    const later = this.#fromOverlay(key, allowStale);
    if (later !== null) return later;
    if (!decoded.ok) {
      this.#enqueue({ op: { type: 'drop', key, expect: record } });
      this.#report('corrupt', `record "${key}" failed its ${decoded.reason} check: deleted`);
      return undefined;
    }
    const now = this.#now();
    const stale = isExpired(record, now);
    if (stale && !allowStale) return undefined;
    this.#touch(key, now);
    const value: EncodedValue = { kind: record.kind, bytes: decoded.bytes };
    if (record.meta) value.meta = record.meta;
    return { value, info: toInfo({ ...record, lastAccess: now }), stale };
  }

  async has(key: string): Promise<boolean> {
    assertKey(key);
    if (this.#closed) return false;
    const pending = this.#overlay.get(key);
    if (pending) return pending.type === 'put' && !isExpired(pending, this.#now());
    if (this.#clearsPending > 0) return false;
    const db = await this.#connection();
    if (!db) return false;
    try {
      const record = await this.#withReopen(db, (d) => readMeta(d, key));
      return record !== undefined && !isExpired(record, this.#now());
    } catch (error) {
      this.#report(isClosedError(error) ? 'closed' : 'write', `reading "${key}" failed`, error);
      return false;
    }
  }

  /** Stored records, most recently accessed first (see listMetas: a listing reads metas only, staged ones included). */
  async list(options: ListOptions = {}): Promise<DiskRecordInfo[]> {
    const limit = options.limit ?? 1000;
    if (typeof limit !== 'number') throw new TypeError(`limit must be a number, got ${typeof limit}`);
    if (!(limit >= 0) || (!Number.isInteger(limit) && limit !== Infinity)) throw new RangeError(`limit must be an integer >= 0, got ${limit}`);
    if (this.#closed) return [];
    this.#queueTouches(); // the order must include reads so far
    await this.#settled();
    const db = await this.#connection();
    if (!db) return [];
    try {
      const metas = await this.#withReopen(db, (d) => listMetas(d, limit));
      return metas.map(toInfo);
    } catch (error) {
      this.#report(isClosedError(error) ? 'closed' : 'write', 'listing records failed', error);
      return [];
    }
  }

  async stats(): Promise<DiskTierStats> {
    let totals: Totals = { entries: 0, rawBytes: 0, storedBytes: 0, corrupt: 0 };
    const db = this.#closed ? undefined : await this.#connection();
    if (db) {
      try {
        totals = await this.#withReopen(db, readTotals);
        this.#storedHint = totals.storedBytes;
      } catch (error) {
        this.#report(isClosedError(error) ? 'closed' : 'write', 'reading totals failed', error);
      }
    }
    return {
      entries: totals.entries,
      rawBytes: totals.rawBytes,
      storedBytes: totals.storedBytes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      corrupt: totals.corrupt,
      budget: this.#options.maxBytes,
      effectiveBudget: this.#effectiveBudget,
      mode: db ? 'idb' : 'memory',
      quota: await quotaStats(),
    };
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────

  async set(key: string, value: EncodedValue, options: SetOptions = {}): Promise<boolean> {
    assertKey(key);
    assertEncoded(value);
    const { ttlMs } = options;
    if (ttlMs !== undefined) {
      if (typeof ttlMs !== 'number') throw new TypeError(`ttlMs must be a number, got ${typeof ttlMs}`);
      if (!(ttlMs >= 0) || !Number.isFinite(ttlMs)) throw new RangeError(`ttlMs must be a finite number >= 0, got ${ttlMs}`);
    }
    if (this.#closed) return false;
    if (value.bytes.byteLength > this.#options.maxEntryBytes) return false;
    if (this.#mode === 'memory' && this.#now() < this.#reopenAt) return false;
    const createdAt = this.#now();
    const put: PendingPut = { type: 'put', key, value, createdAt, expiresAt: ttlMs === undefined ? Infinity : createdAt + ttlMs, ttlMs };
    return new Promise<boolean>((resolve) => {
      this.#enqueue({ op: put, resolve, overlay: put }, key);
    });
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    if (this.#closed) return false;
    this.#touches.delete(key);
    return new Promise<boolean>((resolve) => {
      this.#enqueue({ op: { type: 'delete', key }, resolve, overlay: { type: 'delete' } }, key);
    });
  }

  async clear(): Promise<void> {
    if (this.#closed) return;
    this.#overlay.clear();
    this.#touches.clear();
    this.#dropCompaction();
    this.#clearsPending++;
    await new Promise<boolean>((resolve) => {
      this.#enqueue({
        op: { type: 'clear' },
        resolve: (ok) => {
          this.#clearsPending--;
          resolve(ok);
        },
      });
    });
  }

  /**
   * Runs `fn`, deferring eviction to one pass at the end. Writes issued in the same task share
   * one transaction (as always); writes awaited one by one inside `fn` still get one each.
   */
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#batchDepth++;
    try {
      return await fn();
    } finally {
      this.#batchDepth--;
      if (this.#batchDepth === 0) {
        await this.#settled();
        if (this.#evictWanted) await this.#evict(false);
      }
    }
  }

  /**
   * Runs the eviction loop now: compacts every journal a burst staged uncompressed, drops every
   * expired record and brings stored bytes under the budget.
   */
  async trim(): Promise<TrimResult> {
    if (this.#closed) return emptyTrim();
    // Journals left by another context, or not found yet by the checks after open.
    const db = await this.#connection();
    if (db) await this.#findJournals(db);
    for (;;) {
      // Waits for the writes queued so far, and for a compaction batch the idle timer queued.
      await this.#settled();
      if (this.#compactQueue.length === 0 || this.#closed) break;
      this.#queueCompaction(Infinity); // MAX_TX_OPS still bounds each transaction
    }
    return this.#evict(true);
  }

  /** Stops using IndexedDB once queued writes settle. Later calls resolve as misses / false. */
  close(): void {
    if (this.#closed) return;
    this.#queueTouches();
    this.#closed = true;
    if (this.#touchTimer !== undefined) clearTimeout(this.#touchTimer);
    // Journals not compacted yet stay on disk: the next context to open compacts them.
    if (this.#compactTimer !== undefined) clearTimeout(this.#compactTimer);
    void this.#settled().then(async () => {
      await this.#opening;
      this.#db?.close();
      this.#db = undefined;
    });
  }

  // ── the write queue ──────────────────────────────────────────────────────────────────────

  #enqueue(item: QueuedOp, key?: string): void {
    if (item.op.type === 'put' || item.op.type === 'delete') this.#reading.change([item.op.key]);
    else if (item.op.type === 'clear') this.#reading.change(undefined);
    this.#queue.push(item);
    if (item.op.type === 'put') this.#queuedPutBytes += item.op.value.bytes.byteLength;
    if (key !== undefined && item.overlay) this.#overlay.set(key, item.overlay);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushTimer !== undefined || this.#flushing) return;
    // One task's worth of writes share a transaction.
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      this.#flushing = this.#flushLoop().finally(() => {
        this.#flushing = undefined;
        if (this.#queue.length > 0) this.#scheduleFlush();
      });
    }, 0);
  }

  /** Resolves once nothing is queued or being written. */
  async #settled(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing || this.#flushTimer !== undefined) {
      if (this.#flushTimer !== undefined) {
        clearTimeout(this.#flushTimer);
        this.#flushTimer = undefined;
        this.#flushing = this.#flushLoop().finally(() => {
          this.#flushing = undefined;
        });
      }
      if (this.#flushing) await this.#flushing;
      else if (this.#queue.length > 0) this.#scheduleFlush();
    }
  }

  /**
   * Writes the queue in batches of at most MAX_TX_OPS ops / MAX_TX_BYTES raw bytes. The next
   * batch is prepared (compressed) while the previous one commits. Its transaction is issued at
   * once, behind the previous one, when the two share no key and no clear (IndexedDB runs them in
   * order; a transaction's commit is a round trip to the backend, 1–3 ms here, plus its tail of
   * work that the next one's requests would otherwise wait for). Otherwise, and after any quota
   * error, a transaction opens only once the previous one settled, so a quota retry never
   * reorders two writes of a key. Batches settle (resolve, retry, evict) one at a time, in order.
   */
  async #flushLoop(): Promise<void> {
    const inFlight: { settled: Promise<void>; keys: Set<string> | undefined }[] = [];
    for (;;) {
      const chunk = await this.#takeChunk();
      if (chunk.length === 0) {
        if (inFlight.length === 0) break;
        await inFlight.shift()!.settled; // then look at the queue again
        continue;
      }
      const keys = overlapKeys(chunk);
      const mayOverlap = () =>
        keys !== undefined &&
        this.#db !== undefined &&
        this.#quotaPeak === 0 &&
        !this.#overQuota &&
        inFlight.length < MAX_IN_FLIGHT &&
        inFlight.every((f) => f.keys !== undefined && disjoint(f.keys, keys));
      while (inFlight.length > 0 && !mayOverlap()) await inFlight.shift()!.settled;
      const issued = this.#issue(chunk);
      const previous = inFlight.at(-1)?.settled ?? Promise.resolve();
      inFlight.push({ settled: previous.then(() => this.#settle(chunk, issued)), keys });
    }
    if (this.#evictWanted && this.#batchDepth === 0 && !this.#closed) {
      this.#evict(false).catch((error: unknown) => this.#report('write', 'eviction failed', error));
    }
    this.#compactSoon();
  }

  /**
   * Takes the next batch off the queue and compresses its puts (before any transaction opens),
   * in slices of COMPRESS_SLICE_MS with the event loop let through between them: deflating a
   * 1 MiB batch takes 30–50 ms here, a long task on a page's main thread (or a worker's fetch
   * events waiting) if done in one go.
   */
  async #takeChunk(): Promise<PreparedOp[]> {
    const head = this.#queue[0];
    if (head?.op.type === 'compact') {
      this.#queue.shift();
      return [await this.#prepareCompaction(head.op)]; // a transaction of its own
    }
    /** The first ops on the queue within the bounds, up to a compaction (or, for a burst, any op but a put). */
    const measure = (maxOps: number, maxBytes: number, putsOnly: boolean) => {
      let putBytes = 0;
      let n = 0;
      for (const { op } of this.#queue) {
        if (op.type === 'compact' || (putsOnly && op.type !== 'put')) break;
        const size = op.type === 'put' ? op.value.bytes.byteLength : 0;
        if (n > 0 && (n >= maxOps || putBytes + size > maxBytes)) break;
        putBytes += size;
        n++;
      }
      return { n, putBytes };
    };
    // A burst is staged uncompressed, as one journal (see DEFER_FROM_BYTES).
    let { n, putBytes } = measure(MAX_DEFERRED_TX_OPS, MAX_DEFERRED_TX_BYTES, true);
    const burst = n > 0 && this.#shouldDefer(putBytes);
    if (!burst) ({ n, putBytes } = measure(MAX_TX_OPS, MAX_TX_BYTES, false));
    const taken = this.#queue.splice(0, n);
    // The puts left of a burst are its tail: staged too, however few.
    this.#burstTail = burst && this.#queue.length > 0;
    this.#queuedPutBytes -= putBytes;
    if (burst) return this.#stageChunk(taken);
    const chunk: PreparedOp[] = [];
    let sliceStart = performance.now();
    for (const item of taken) {
      const { op } = item;
      if (op.type === 'compact') throw new Error('unreachable: a compaction is a batch of its own');
      if (op.type !== 'put') {
        chunk.push({ ...item, op });
        continue;
      }
      if (performance.now() - sliceStart > COMPRESS_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      chunk.push({ ...item, op: this.#putOp(op, await encodeBodyAsync(op.value.bytes, this.#options.compress)) });
    }
    // Coalesced last-access updates ride along with the next write transaction, within the
    // same bound on its ops; the rest go with the next one.
    if (chunk.length < MAX_TX_OPS && this.#touches.size > 0) {
      for (const [key, at] of this.#touches) {
        if (chunk.length >= MAX_TX_OPS) break;
        chunk.push({ op: { type: 'touch', key, at } });
        this.#touches.delete(key);
      }
      if (this.#touches.size === 0 && this.#touchTimer !== undefined) {
        clearTimeout(this.#touchTimer);
        this.#touchTimer = undefined;
      }
    }
    return chunk;
  }

  /**
   * A burst batch (puts only): one StageOp carrying every put's entry uncompressed. Of two puts of
   * a key the later is staged, and both resolve with it.
   */
  #stageChunk(taken: QueuedOp[]): PreparedOp[] {
    const latest = new Map<string, PendingPut>();
    for (const { op } of taken) latest.set((op as PendingPut).key, op as PendingPut);
    // The entries hold the callers' own buffers: IndexedDB's structured clone copies them at once.
    const entries = [...latest.values()].map((put) => this.#entry(put, encodeRaw(put.value.bytes)));
    const chunk: PreparedOp[] = taken.map((item) => ({ resolve: item.resolve, overlay: item.overlay, staged: item.op as PendingPut }));
    chunk.push({ op: { type: 'stage', entries } });
    return chunk;
  }

  #entry(put: PendingPut, encoded: EncodedBody): EntryRecord {
    return { ...makeMeta(put.key, put.value, encoded, put.createdAt, put.ttlMs), body: encoded.body };
  }

  #putOp(put: PendingPut, encoded: EncodedBody): WriteOp {
    return { type: 'put', key: put.key, record: this.#entry(put, encoded) };
  }

  /**
   * Whether a batch with `putBytes` raw bytes of puts is staged uncompressed (see DEFER_FROM_BYTES):
   * a burst, with compression on, no quota error seen, the memory for it, and room under the
   * low-water mark for it uncompressed along with the batches in flight.
   */
  #shouldDefer(putBytes: number): boolean {
    if (!this.#options.compress || (this.#queuedPutBytes < DEFER_FROM_BYTES && !this.#burstTail)) return false;
    if (this.#quotaPeak > 0 || this.#overQuota || this.#storedHint === undefined) return false;
    if (this.#deferredBytes + putBytes > MAX_DEFERRED_BYTES) return false;
    // Batches in flight are not in the hint yet: up to MAX_IN_FLIGHT of them.
    return this.#storedHint + this.#deferredBytes + putBytes + MAX_IN_FLIGHT * MAX_DEFERRED_TX_BYTES <= this.#effectiveBudget * this.#options.lowWater;
  }

  /**
   * The next compaction batch of a journal: its entries (read back on the first batch) deflated,
   * up to the job's bytes or MAX_TX_OPS, in slices of COMPRESS_SLICE_MS. The rest waits at the
   * head of #compactQueue for the next idle moment.
   */
  async #prepareCompaction(job: PendingCompact): Promise<PreparedOp> {
    if (job.dropped) return {};
    if (!job.entries) {
      const db = this.#db ?? (await this.#connection(true));
      try {
        job.entries = db ? await this.#withReopen(db, (d) => readJournal(d, job.id)) : undefined;
      } catch {
        job.entries = undefined;
        this.#journalsLost = true;
      }
      if (!db) this.#journalsLost = true;
      // Gone (compacted by another context, cleared) or not read: a journal left on disk waits for the next open.
      if (!job.entries) {
        this.#finishCompaction(job);
        return {};
      }
    }
    const moves: Move[] = [];
    let bytes = 0;
    let sliceStart = performance.now();
    while (job.entries.length > 0) {
      const raw = Math.max(0, Number(job.entries[0]!.meta?.rawBytes) || 0);
      if (moves.length > 0 && (moves.length >= MAX_TX_OPS || bytes + raw > job.maxBytes)) break;
      if (performance.now() - sliceStart > COMPRESS_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      moves.push(await this.#move(job.entries.shift()!));
      bytes += raw;
    }
    const moved = Math.min(job.rawBytes, bytes);
    job.rawBytes -= moved;
    this.#deferredBytes -= moved;
    if (job.entries.length > 0 && !job.dropped) this.#compactQueue.unshift(job);
    else this.#finishCompaction(job);
    return moves.length > 0 ? { op: { type: 'unstage', id: job.id, moves }, compaction: job } : {};
  }

  /**
   * A staged entry as compaction moves it: deflated (or raw when that does not pay). A body that
   * does not verify is dropped (counted) rather than stored under a fresh checksum.
   */
  async #move(entry: { key: string; meta: MetaRecord; body: unknown }): Promise<Move> {
    const { key, meta } = entry;
    const decoded = isMeta(meta) ? decodeBody(meta, entry.body) : { ok: false as const };
    if (!decoded.ok) {
      this.#report('corrupt', `staged record "${key}" failed verification: deleted`);
      return { key, expect: meta };
    }
    const encoded = this.#options.compress ? await encodeBodyAsync(decoded.bytes, this.#options.compress) : encodeRaw(decoded.bytes);
    return { key, expect: meta, record: { ...meta, codec: encoded.codec, storedBytes: encoded.body.byteLength, checksum: encoded.checksum, body: encoded.body } };
  }

  /** This context is done with a journal (compacted, gone, or left on disk for trim() or the next open). */
  #finishCompaction(job: PendingCompact): void {
    this.#deferredBytes -= job.rawBytes;
    job.rawBytes = 0;
    job.entries = [];
    if (this.#journals.get(job.id) === job) this.#journals.delete(job.id);
    const at = this.#compactQueue.indexOf(job);
    if (at >= 0) this.#compactQueue.splice(at, 1);
  }

  /**
   * Moves the next compaction batch of the oldest journal onto the write queue (at most `maxBytes`
   * raw). With `readyOnly`, of the oldest not waiting out a retry delay: the ones behind it go
   * first (trim() waits for none).
   */
  #queueCompaction(maxBytes: number, readyOnly = false): void {
    const now = performance.now();
    const at = readyOnly ? this.#compactQueue.findIndex((job) => ready(job, now)) : 0;
    if (at < 0 || at >= this.#compactQueue.length) return;
    const [job] = this.#compactQueue.splice(at, 1);
    job!.maxBytes = maxBytes;
    this.#enqueue({ op: job! });
  }

  /** Compaction runs when nothing else is queued: one batch per idle moment, each its own transaction. */
  #compactSoon(): void {
    if (this.#compactQueue.length === 0 || this.#closed || this.#compactTimer !== undefined) return;
    const readyAt = Math.min(...this.#compactQueue.map((job) => job.retryAt ?? 0));
    const wait = Math.max(COMPACT_AFTER_MS, readyAt - performance.now());
    this.#compactTimer = setTimeout(() => {
      this.#compactTimer = undefined;
      if (this.#closed) return;
      // Busy: the flush loop calls back here when it is done.
      if (this.#queue.length > 0 || this.#flushing || this.#flushTimer !== undefined) return;
      if (!this.#compactQueue.some((job) => ready(job, performance.now()))) return this.#compactSoon();
      this.#queueCompaction(COMPACT_CHUNK_BYTES, true);
    }, wait);
  }

  #dropCompaction(): void {
    for (const job of this.#journals.values()) {
      job.dropped = true;
      job.rawBytes = 0;
    }
    this.#compactQueue = [];
    this.#journals.clear();
    this.#deferredBytes = 0;
    if (this.#compactTimer !== undefined) clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
  }

  /** Issues a batch's transaction now when connected (its requests go out at once); else later, in #settle. */
  #issue(chunk: PreparedOp[]): Issued {
    const ops = chunk.flatMap((item) => (item.op ? [item.op] : []));
    const db = this.#db;
    if (ops.length === 0 || !db) return { ops };
    const attempt = this.#withReopen(db, (d) => run(d, ops));
    attempt.catch(() => undefined); // handled in #settle, which may run after it rejected
    return { ops, attempt };
  }

  /** Waits for a batch's transaction (opening the connection if needed), retries after a quota error, evicts, resolves. */
  async #settle(chunk: PreparedOp[], issued: Issued): Promise<void> {
    let { ops } = issued;
    let result: CommitResult | undefined;
    const db = ops.length === 0 ? undefined : (this.#db ?? (await this.#connection(true)));
    if (db || issued.attempt) {
      try {
        result = await (issued.attempt ?? this.#withReopen(db!, (d) => run(d, ops)));
      } catch (error) {
        if (isQuotaError(error) && ops[0]?.type === 'unstage') {
          // A compaction over quota: the journal stays as it is and is retried later (#afterWrite).
          // No quota recovery: lowering the budget or evicting for it would only cost entries.
        } else if (isQuotaError(error)) {
          // Over quota every byte counts: a burst is deflated before its retry, as ordinary puts.
          ops = await this.#deflateDeferred(chunk);
          result = await this.#retryAfterQuota(ops, error);
        } else {
          this.#report(isClosedError(error) ? 'closed' : 'write', `a batch of ${ops.length} writes failed: kept in memory only`, error);
        }
      }
    }
    if (ops.length === 0) result = { results: [], totals: { entries: 0, rawBytes: 0, storedBytes: this.#storedHint ?? 0 } };
    if (result) {
      this.#quotaFailures = 0;
      if (ops.length > 0) this.#storedHint = result.totals.storedBytes;
      const written = ops.reduce((sum, op) => sum + storedBy(op), 0);
      if (written > 0 && this.#effectiveBudget < this.#options.maxBytes) {
        this.#effectiveBudget = climbBudget(this.#effectiveBudget, written, this.#quotaPeak, this.#options.maxBytes);
      }
      // The budget holds when a write resolves: eviction runs before the batch's promises settle
      // (inside batch(), once at its end instead).
      if (result.totals.storedBytes > this.#effectiveBudget) {
        if (this.#batchDepth > 0 || this.#closed) this.#evictWanted = true;
        else await this.#evict(false).catch((error: unknown) => this.#report('write', 'eviction failed', error));
      }
    }
    const stagedAt = ops.findIndex((op) => op.type === 'stage');
    const stagedOk = stagedAt >= 0 && result?.results[stagedAt] === true;
    let i = 0;
    for (const item of chunk) {
      const ok = item.op !== undefined ? result !== undefined && result.results[i++] === true : item.staged !== undefined && stagedOk;
      this.#afterWrite(item, ok, result);
      const key = item.staged?.key ?? (item.op && 'key' in item.op ? item.op.key : undefined);
      if (key !== undefined && item.overlay && this.#overlay.get(key) === item.overlay) this.#overlay.delete(key);
      item.resolve?.(ok);
    }
  }

  /** Compaction bookkeeping once a batch settled (`result` undefined: its transaction did not complete). */
  #afterWrite(item: PreparedOp, ok: boolean, result: CommitResult | StageResult | UnstageResult | undefined): void {
    if (item.op?.type === 'stage' && ok && result && 'journal' in result) {
      const rawBytes = item.op.entries.reduce((sum, e) => sum + e.rawBytes, 0);
      this.#track(result.journal, rawBytes);
      this.#deferredBytes += rawBytes;
    } else if (item.compaction && result && 'gone' in result && result.gone) {
      // Compacted by another context, evicted whole or cleared: nothing left to move.
      this.#finishCompaction(item.compaction);
    } else if (item.compaction && !result && !item.compaction.dropped) {
      // Not stored: the journal stays on disk. Its compaction starts over (read back again) a while
      // later, a few times; then it waits for trim() or the next open.
      const job = item.compaction;
      this.#finishCompaction(job);
      if (++job.failures < MAX_COMPACT_FAILURES) {
        this.#track(job.id, 0, job.failures, performance.now() + Math.min(COMPACT_RETRY_MS * 2 ** (job.failures - 1), COMPACT_RETRY_MAX_MS));
      } else this.#journalsLost = true;
    }
  }

  /** A burst batch made the ordinary way: its puts deflated, in order, and no journal. */
  async #deflateDeferred(chunk: PreparedOp[]): Promise<TierOp[]> {
    for (const item of chunk) {
      if (item.staged) {
        item.op = this.#putOp(item.staged, await encodeBodyAsync(item.staged.value.bytes, this.#options.compress));
        item.staged = undefined;
      } else if (item.op?.type === 'stage') {
        item.op = undefined;
      }
    }
    return chunk.flatMap((item) => (item.op ? [item.op] : []));
  }

  /**
   * QuotaExceededError: lower the effective budget a little below what is stored now (never below
   * a share of the highest level an error came at, so errors do not compound), evict to it, retry
   * once. A second failure drops the batch from disk (the caller keeps it in memory).
   */
  async #retryAfterQuota(ops: TierOp[], first: unknown): Promise<CommitResult | undefined> {
    const db = await this.#connection();
    if (!db) return undefined;
    let freed = true;
    try {
      const totals = await readTotals(db);
      const next = budgetAfterQuota({
        storedBytes: totals.storedBytes,
        batchBytes: ops.reduce((sum, op) => sum + storedBy(op), 0),
        peakBytes: this.#quotaPeak,
        maxBytes: this.#options.maxBytes,
        minBytes: Math.min(MIN_EFFECTIVE_BUDGET, this.#options.maxBytes),
        failedInARow: this.#quotaFailures,
      });
      this.#effectiveBudget = next.budget;
      this.#quotaPeak = next.peakBytes;
      // Usage is read around the eviction (the estimate's usage is exact in Chromium; only its
      // quota is not). Measured: with these reads before it, the retry gets through far more often
      // than when it follows the deletes at once (e2e quota burst: every batch stored).
      const before = await originUsage();
      this.#overQuota = true;
      try {
        await this.#evict(false);
      } finally {
        this.#overQuota = false;
      }
      const after = await originUsage();
      freed = before === undefined || after === undefined || after < before;
      return await run(db, ops);
    } catch (error) {
      // A deeper eviction next time only if this one freed usage: deletes that free nothing until
      // a compaction (their tombstones even add usage) would only empty the cache.
      if (freed) this.#quotaFailures++;
      this.#report('quota', `storage quota exceeded: ${ops.length} writes kept in memory only`, isQuotaError(error) ? error : first);
      return undefined;
    }
  }

  // ── last access ──────────────────────────────────────────────────────────────────────────

  #touch(key: string, at: number): void {
    this.#touches.set(key, at);
    if (this.#touches.size >= TOUCH_FLUSH_COUNT) {
      this.#queueTouches();
    } else if (this.#touchTimer === undefined && !this.#closed) {
      this.#touchTimer = setTimeout(() => {
        this.#touchTimer = undefined;
        this.#queueTouches();
      }, TOUCH_FLUSH_MS);
    }
  }

  /** Hands pending last-access updates to the write queue (one transaction for all of them). */
  #queueTouches(): void {
    if (this.#touches.size === 0 || this.#closed) return;
    const [key, at] = this.#touches.entries().next().value!;
    this.#touches.delete(key);
    this.#enqueue({ op: { type: 'touch', key, at } }); // #takeChunk adds the others to the same transaction
  }

  // ── eviction ─────────────────────────────────────────────────────────────────────────────

  /** One eviction loop at a time: a request while one runs queues a single rerun. */
  #evict(purgeExpired: boolean): Promise<TrimResult> {
    this.#evictWanted = false;
    this.#purgeWanted ||= purgeExpired;
    if (this.#evicting) {
      this.#evictAgain = true;
      return this.#evicting;
    }
    this.#evicting = (async () => {
      const total = emptyTrim();
      try {
        do {
          this.#evictAgain = false;
          const purge = this.#purgeWanted;
          this.#purgeWanted = false;
          addTrim(total, await this.#withEvictLock(() => this.#evictPass(purge)));
        } while (this.#evictAgain);
      } finally {
        this.#evicting = undefined;
      }
      return total;
    })();
    return this.#evicting;
  }

  /** Across tabs and the worker, a Web Lock per cache name; without `navigator.locks`, the flag alone. */
  #withEvictLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    if (!locks) return fn();
    return locks.request(`tiercache:evict:${this.name}`, fn) as Promise<T>;
  }

  async #evictPass(purgeExpired: boolean): Promise<TrimResult> {
    const result = emptyTrim();
    const db = await this.#connection();
    if (!db) return result;
    // Last-access order must be current before choosing least recently used victims.
    if (this.#touches.size > 0) {
      const touches: WriteOp[] = [...this.#touches].map(([key, at]) => ({ type: 'touch', key, at }));
      this.#touches.clear();
      await commit(db, touches).catch(() => undefined);
    }
    // Quota recovery evicts only down to the budget: every delete adds usage until a compaction.
    const target = this.#overQuota ? this.#effectiveBudget : Math.floor(this.#effectiveBudget * this.#options.lowWater);
    let trigger = this.#effectiveBudget;
    for (;;) {
      const batch = await evictBatch(db, {
        now: this.#now(),
        triggerBytes: trigger,
        targetBytes: target,
        limit: EVICT_BATCH,
        purgeExpired,
        deleteOnly: this.#overQuota,
        // Over a budget that a QuotaExceededError lowered: the quota is the reason.
        spaceReason: this.#effectiveBudget < this.#options.maxBytes ? 'quota' : 'budget',
      });
      trigger = target;
      this.#storedHint = batch.totals.storedBytes;
      for (const victim of batch.victims) {
        result.evicted++;
        result.freedBytes += victim.bytes;
        result.byReason[victim.reason] = (result.byReason[victim.reason] ?? 0) + 1;
        this.#evictions++;
        this.#touches.delete(victim.key);
        this.dispatchEvent(
          new CustomEvent('evict', { detail: { key: victim.key, tier: 'disk', reason: victim.reason, bytes: victim.bytes } }),
        );
      }
      if (!batch.more) return result;
    }
  }

  // ── the connection ───────────────────────────────────────────────────────────────────────

  /** `draining`: writes queued before close() may still open the database. */
  #connection(draining = false): Promise<IDBDatabase | undefined> {
    if (this.#db) return Promise.resolve(this.#db);
    if (this.#closed && !draining) return Promise.resolve(undefined);
    if (this.#opening) return this.#opening;
    if (this.#mode === 'memory' && this.#now() < this.#reopenAt) return Promise.resolve(undefined);
    this.#opening = this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #open(): Promise<IDBDatabase | undefined> {
    if (!globalThis.indexedDB) {
      this.#degrade(new CacheError('unavailable', 'IndexedDB is not available in this context: memory only'));
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: IDBDatabase | undefined;
    const opening = openStore(this.name, {
      onClose: () => {
        if (this.#db === current) this.#db = undefined;
      },
      onVersionChange: () => {
        if (this.#db === current) this.#db = undefined;
      },
    });
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#options.openTimeoutMs);
    });
    try {
      const outcome = await Promise.race([opening, timeout]);
      if (outcome === 'timeout') {
        opening.then((late) => late.close(), () => undefined);
        this.#degrade(new CacheError('unavailable', `IndexedDB open() did not answer within ${this.#options.openTimeoutMs} ms: memory only`));
        return undefined;
      }
      current = outcome; // after close(), the connection closes once queued writes settled
      this.#db = outcome;
      this.#mode = 'idb';
      if (!this.#openedOnce && !this.#closed) {
        this.#openedOnce = true;
        void this.#afterFirstOpen(outcome);
      } else if (this.#journalsLost && !this.#closed) {
        // Reopened after a lost connection: journals whose compaction was given up are picked up again.
        this.#journalsLost = false;
        void this.#findJournals(outcome);
      }
      return outcome;
    } catch (error) {
      this.#degrade(new CacheError('unavailable', 'IndexedDB open() failed: memory only', { cause: error }));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** On open: ask for persistence when configured, take the quota hint, and evict if over budget. */
  async #afterFirstOpen(db: IDBDatabase): Promise<void> {
    // Each step first lets queued writes go (for up to OPEN_CHECKS_WAIT_MS in all): these reads
    // would hold up a burst's first transactions (measured: 11–17 ms of a 100–200 ms burst
    // issued right after open).
    const until = performance.now() + OPEN_CHECKS_WAIT_MS;
    const writesFirst = async () => {
      while ((this.#flushing || this.#queue.length > 0 || this.#flushTimer !== undefined) && performance.now() < until && !this.#closed) {
        await (this.#flushing ?? yieldToEventLoop());
      }
      if (this.#closed) return false;
      if (this.#db === db) return true;
      this.#openedOnce = false; // the connection went meanwhile: the next open runs these checks
      return false;
    };
    if (!(await writesFirst())) return;
    try {
      const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
      if (this.#options.persist && storage?.persist) await storage.persist();
      const estimate = storage?.estimate ? await storage.estimate() : undefined;
      // An upper hint only: Chromium reports usage + 10 GiB whatever the real quota is.
      if (estimate?.quota && estimate.quota * QUOTA_HINT_SHARE < this.#effectiveBudget) {
        this.#effectiveBudget = Math.floor(estimate.quota * QUOTA_HINT_SHARE);
      }
      if (!(await writesFirst())) return;
      const totals = await readTotals(db);
      this.#storedHint ??= totals.storedBytes;
      if (totals.storedBytes > this.#effectiveBudget) {
        // Inside batch(), eviction waits for its end, as after any write.
        if (this.#batchDepth > 0) this.#evictWanted = true;
        else await this.#evict(false);
      }
    } catch (error) {
      this.#report('write', 'start-up eviction failed', error);
    }
    // Journals a burst staged before its context went away (or another context's) are compacted here.
    if (!(await writesFirst())) return;
    await this.#findJournals(db);
  }

  /** Queues the compaction of journal `id` (which holds `rawBytes` this context staged). */
  #track(id: number, rawBytes: number, failures = 0, retryAt?: number): void {
    const job: PendingCompact = { type: 'compact', id, rawBytes, maxBytes: COMPACT_CHUNK_BYTES, failures, retryAt };
    this.#journals.set(id, job);
    this.#compactQueue.push(job);
    this.#compactSoon();
  }

  /** Queues the compaction of every journal on disk that this context does not compact yet. */
  async #findJournals(db: IDBDatabase): Promise<void> {
    try {
      for (const id of await readJournalIds(db)) {
        if (this.#journals.has(id) || this.#closed) continue;
        this.#track(id, 0);
      }
    } catch (error) {
      // A connection closed meanwhile is no fault: the journals wait for the next open.
      if (!isClosedError(error)) this.#report('write', 'reading the journals failed', error);
    }
  }

  /** Runs `fn` on the connection; if it was closed under us, reopens once and retries. */
  async #withReopen<T>(db: IDBDatabase, fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      return await fn(db);
    } catch (error) {
      if (!isClosedError(error)) throw error;
      if (this.#db === db) {
        this.#db = undefined;
        db.close();
      }
      const again = await this.#connection();
      if (!again) throw error;
      return await fn(again);
    }
  }

  #degrade(error: CacheError): void {
    this.#mode = 'memory';
    this.#reopenAt = this.#now() + REOPEN_AFTER_MS;
    this.#emitError(error);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  /** null = not decided by pending writes; undefined = a miss; else a hit from a queued write. */
  #fromOverlay(key: string, allowStale: boolean): DiskHit | undefined | null {
    const pending = this.#overlay.get(key);
    if (!pending) return this.#clearsPending > 0 ? undefined : null;
    if (pending.type === 'delete') return undefined;
    const now = this.#now();
    const stale = isExpired(pending, now);
    if (stale && !allowStale) return undefined;
    this.#touch(key, now);
    const size = pending.value.bytes.byteLength;
    const info: DiskRecordInfo = {
      key,
      kind: pending.value.kind,
      codec: 'raw', // not yet encoded: sizes are the raw ones until the write completes
      rawBytes: size,
      storedBytes: size,
      createdAt: pending.createdAt,
      expiresAt: pending.expiresAt,
      lastAccess: now,
    };
    if (pending.value.meta) info.meta = pending.value.meta;
    return { value: pending.value, info, stale };
  }


  #report(code: CacheErrorCode, message: string, cause?: unknown): void {
    this.#emitError(new CacheError(code, message, cause === undefined ? undefined : { cause }));
  }

  #emitError(error: CacheError): void {
    this.dispatchEvent(new CustomEvent('error', { detail: { error } }));
  }
}

/** The origin's usage (accurate in Chromium, unlike its quota), or undefined when unknown. */
async function originUsage(): Promise<number | undefined> {
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  try {
    return storage?.estimate ? (await storage.estimate()).usage : undefined;
  } catch {
    return undefined;
  }
}

async function quotaStats(): Promise<{ usage: number; quota: number; persisted: boolean }> {
  const storage = (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
  try {
    const estimate = storage?.estimate ? await storage.estimate() : {};
    const persisted = storage?.persisted ? await storage.persisted() : false;
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  } catch {
    return { usage: 0, quota: 0, persisted: false };
  }
}
