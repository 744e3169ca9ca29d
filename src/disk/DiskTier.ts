// DiskTier: compressed records in IndexedDB inside a byte budget, the same in a window, a worker
// and a service worker; the contract is DiskTierLike (src/diskContract.ts). A facade over one-job
// modules: the write queue (writeQueue.ts), read-your-writes (overlay.ts), coalesced last-access
// updates (touches.ts), the eviction loop (evictor.ts), the budget and quota recovery (quota.ts),
// the connection (connection.ts) and the IndexedDB store (store/).
import { RecordCipher } from '../crypto/cipher.ts';
import { Dictionaries } from '../dictionary/index.ts';
import { CacheError, type CacheErrorCode } from '../errors.ts';
import { originUsage, requestPersistence, storageEstimate } from '../storageEstimate.ts';
import { checkTtlMs, expiryOf } from '../ttl.ts';
import type { TrimResult } from '../types.ts';
import { assertEncoded, assertKey } from '../diskInput.ts';
import { Connection, isClosedError } from './connection.ts';
import { Evictor, emptyTrim } from './evictor.ts';
import { resolveOptions, type ResolvedOptions } from './options.ts';
import { WriteOverlay, type PendingPut } from './overlay.ts';
import { isQuotaError, QuotaState, storedBy } from './quota.ts';
import { isExpired, makeMeta, toInfo, type Totals } from './record.ts';
import { commit, listMetas, readMeta, readRecord, readTotals, type CommitResult, type WriteOp } from './store/index.ts';
import { TouchBuffer } from './touches.ts';
import type { ClearOptions, DiskHit, DiskRecordInfo, DiskTierLike, DiskTierOptions, DiskTierStats, EncodedValue, GetOptions, ListOptions, SetOptions } from '../diskContract.ts';
import { WriteQueue } from './writeQueue.ts';

/** The checks after the first open (quota hint, eviction) wait at most this long for queued writes. */
const OPEN_CHECKS_WAIT_MS = 1000;

export class DiskTier extends EventTarget implements DiskTierLike {
  readonly name: string;
  readonly #options: ResolvedOptions;
  readonly #now: () => number;
  readonly #conn: Connection;
  readonly #overlay = new WriteOverlay();
  readonly #touches: TouchBuffer;
  readonly #queue: WriteQueue;
  readonly #quota: QuotaState;
  readonly #evictor: Evictor;
  readonly #cipher: RecordCipher | undefined;
  readonly #dictionaries: Dictionaries;
  #closed = false;
  #batchDepth = 0;
  /** Over budget inside batch(): eviction runs once, at its end. */
  #evictWanted = false;
  /** Stored bytes as the last batch stored here found them (undefined until one did). */
  #storedBytes: number | undefined;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  /** Opens lazily: throws only TypeError/RangeError for bad options, never for storage. */
  constructor(options: DiskTierOptions) {
    super();
    const o = (this.#options = resolveOptions(options));
    this.name = o.name;
    this.#now = o.now;
    this.#quota = new QuotaState(o.maxBytes);
    this.#cipher = o.encrypt && new RecordCipher(o.encrypt, () => this.#conn.get(true));
    this.#conn = new Connection({
      name: o.name,
      openTimeoutMs: o.openTimeoutMs,
      now: o.now,
      onDegrade: (error) => this.#emitError(error),
      onFirstOpen: (db) => {
        this.#afterFirstOpen(db).catch((error: unknown) => isClosedError(error) || this.#report('write', 'start-up checks failed', error));
      },
    });
    // A dictionary is plaintext taken from bodies, stored as it is: none under encryption.
    this.#dictionaries = new Dictionaries(o.compress && { ...o.compress, dictionary: !o.encrypt && o.compress.dictionary }, () => this.#conn.get(), o.now);
    this.#touches = new TouchBuffer(() => this.#queueTouches());
    this.#queue = new WriteQueue({
      encode: async (put) => this.#putOp(put),
      fill: (room) => this.#touches.take(room),
      store: (ops) => this.#store(ops),
      afterBatch: (ops, result) => this.#afterBatch(ops, result),
      settle: (key, pending) => this.#overlay.settle(key, pending),
    });
    this.#evictor = new Evictor({
      name: o.name,
      now: o.now,
      lowWater: o.lowWater,
      connection: () => this.#conn.get(),
      budget: () => ({ effective: this.#quota.effective, max: this.#quota.max, overQuota: this.#quota.overQuota }),
      beforePass: async (db) => {
        const touches = this.#touches.take();
        if (touches.length > 0) await commit(db, touches).catch(() => undefined);
      },
      onVictim: ({ key, reason, bytes }) => {
        this.#evictions++;
        this.#touches.forget(key);
        this.dispatchEvent(new CustomEvent('evict', { detail: { key, tier: 'disk', reason, bytes } }));
      },
    });
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────

  async get(key: string, options: GetOptions = {}): Promise<DiskHit | undefined> {
    assertKey(key);
    const allowStale = options.allowStale === true;
    if (this.#closed) return undefined;
    const fromOverlay = () => {
      const now = this.#now();
      const hit = this.#overlay.hit(key, now, allowStale);
      if (hit) this.#touches.touch(key, now);
      return hit;
    };
    const hit = await this.#overlay.read(key, fromOverlay, () => this.#readDisk(key, allowStale));
    if (hit) this.#hits++;
    else this.#misses++;
    return hit;
  }

  /** One read of `key` from disk: the hit, or undefined (absent, stale, corrupt, no connection, failed). */
  async #readDisk(key: string, allowStale: boolean): Promise<DiskHit | undefined> {
    const record = await this.#read(`reading "${key}"`, undefined, (db) => readRecord(db, key));
    if (record === undefined) return undefined;
    const opened = await RecordCipher.open(this.#cipher, record);
    const decoded = opened ? await this.#dictionaries.decode(opened) : ({ ok: false, reason: 'seal' } as const);
    if (!decoded.ok) {
      this.#queue.push({ op: { type: 'drop', key, expect: record } });
      this.#report('corrupt', `record "${key}" failed its ${decoded.reason} check: deleted`);
      return undefined;
    }
    const now = this.#now();
    const stale = isExpired(record, now);
    if (stale && !allowStale) return undefined;
    this.#touches.touch(key, now);
    const value: EncodedValue = { kind: record.kind, bytes: decoded.bytes };
    if (record.meta) value.meta = record.meta;
    return { value, info: toInfo({ ...record, lastAccess: now }), stale };
  }

  async has(key: string): Promise<boolean> {
    assertKey(key);
    if (this.#closed) return false;
    const pending = this.#overlay.hit(key, this.#now(), false);
    if (pending !== null) return pending !== undefined;
    const record = await this.#read(`reading "${key}"`, undefined, (db) => readMeta(db, key));
    return record !== undefined && !isExpired(record, this.#now());
  }

  /** Stored records, most recently accessed first (metas only: no body is read). */
  async list(options: ListOptions = {}): Promise<DiskRecordInfo[]> {
    const limit = options.limit ?? 1000;
    if (typeof limit !== 'number') throw new TypeError(`limit must be a number, got ${typeof limit}`);
    if (!(limit >= 0) || (!Number.isInteger(limit) && limit !== Infinity)) throw new RangeError(`limit must be an integer >= 0, got ${limit}`);
    if (this.#closed) return [];
    this.#queueTouches(); // the order must include reads so far
    await this.#queue.settled();
    return (await this.#read('listing records', [], (db) => listMetas(db, limit))).map(toInfo);
  }

  async stats(): Promise<DiskTierStats> {
    const none: Totals = { entries: 0, rawBytes: 0, storedBytes: 0, corrupt: 0, dropped: 0 };
    const { corrupt, dropped, ...sizes } = this.#closed ? none : await this.#read('reading totals', none, readTotals);
    return {
      ...sizes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      corrupt,
      dropped,
      budget: this.#options.maxBytes,
      effectiveBudget: this.#quota.effective,
      mode: this.#conn.current && !this.#closed ? 'idb' : 'memory',
      quota: await storageEstimate(),
    };
  }

  /** Runs a read on the connection: `fallback` without one, or when it failed (reported, never thrown). */
  async #read<T>(what: string, fallback: T, fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    const db = await this.#conn.get();
    if (!db) return fallback;
    try {
      return await this.#conn.withReopen(db, fn);
    } catch (error) {
      this.#report(isClosedError(error) ? 'closed' : 'write', `${what} failed`, error);
      return fallback;
    }
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────

  async set(key: string, value: EncodedValue, options: SetOptions = {}): Promise<boolean> {
    assertKey(key);
    assertEncoded(value);
    const { ttlMs } = options;
    checkTtlMs(ttlMs);
    if (this.#closed || value.bytes.byteLength > this.#options.maxEntryBytes || this.#conn.waiting) return false;
    const createdAt = this.#now();
    const put: PendingPut = { type: 'put', key, value, createdAt, expiresAt: expiryOf(createdAt, ttlMs), ttlMs: ttlMs === Infinity ? undefined : ttlMs };
    this.#overlay.write(key, put);
    return new Promise<boolean>((resolve) => this.#queue.push({ op: put, resolve, overlay: put }));
  }

  async delete(key: string): Promise<boolean> {
    assertKey(key);
    if (this.#closed) return false;
    this.#touches.forget(key);
    const pending = { type: 'delete' } as const;
    this.#overlay.write(key, pending);
    return new Promise<boolean>((resolve) => this.#queue.push({ op: { type: 'delete', key }, resolve, overlay: pending }));
  }

  /** `shred` with a cipher: the key goes first, then the records in the background (unreadable already; awaited if the key stayed). */
  async clear(options: ClearOptions = {}): Promise<void> {
    if (this.#closed) return;
    const shred = options.shred && this.#cipher && (await this.#cipher.shred());
    this.#touches.forget();
    const done = this.#overlay.clear();
    const cleared = new Promise<boolean>((resolve) => this.#queue.push({ op: { type: 'clear' }, resolve })).then(done); // never rejects
    if (!shred) await cleared;
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
        await this.#queue.settled();
        if (this.#evictWanted) await this.#evict();
      }
    }
  }

  /** Runs the eviction loop now: drops every expired record and brings stored bytes under the budget. */
  async trim(): Promise<TrimResult> {
    if (this.#closed) return emptyTrim();
    await this.#queue.settled();
    return this.#evictor.run(true);
  }

  /** Stops using IndexedDB once queued writes settle. Later calls resolve as misses / false. */
  close(): void {
    if (this.#closed) return;
    this.#queueTouches();
    this.#closed = true;
    this.#touches.close();
    this.#conn.close(this.#queue.settled());
  }

  // ── the write path ───────────────────────────────────────────────────────────────────────

  async #putOp(put: PendingPut): Promise<WriteOp> {
    const encoded = await this.#dictionaries.encode(put.value);
    const plain = { ...makeMeta(put.key, put.value, encoded, put.createdAt, put.ttlMs), body: encoded.body };
    const record = this.#cipher ? await this.#cipher.seal(plain) : plain;
    // Unsealable (no key to be had): stored as nothing, a touch that never applies (the set resolves false).
    return record ? { type: 'put', key: put.key, record } : { type: 'touch', key: put.key, at: -Infinity };
  }

  /** Pending last-access updates go down now, with whatever is queued (the queue bounds each transaction). */
  #queueTouches(): void {
    if (this.#closed) return;
    for (const op of this.#touches.take()) this.#queue.push({ op });
  }

  /**
   * Stores one batch; after a QuotaExceededError evicts a little and retries once. Over quota only
   * deletes get through: a batch without puts, or what a failed retry leaves, goes as its deletes
   * and clears alone (a delete must never fail while the old value survives). Undefined when not stored.
   */
  async #store(ops: WriteOp[]): Promise<CommitResult | undefined> {
    const db = await this.#conn.get(true);
    if (!db) return undefined;
    try {
      return await this.#conn.withReopen(db, (d) => commit(d, ops));
    } catch (error) {
      if (!isQuotaError(error)) {
        this.#report(isClosedError(error) ? 'closed' : 'write', `a batch of ${ops.length} writes failed: kept in memory only`, error);
        return undefined;
      }
      const removals = ops.flatMap((op, i) => (op.type === 'put' || op.type === 'touch' ? [] : [i]));
      const removeOnly = async () => {
        const { results, totals } = await commit(db, removals.map((i) => ops[i]!), true);
        return { results: ops.map((_, i) => results[removals.indexOf(i)] === true), totals };
      };
      try {
        if (removals.length > 0 && !ops.some((op) => op.type === 'put')) return await removeOnly();
        return await this.#quota.recover(storedBy(ops), {
          storedBytes: async () => (await readTotals(db)).storedBytes,
          usage: originUsage,
          evict: () => this.#evictor.run(false),
          retry: () => commit(db, ops),
        });
      } catch (again) {
        this.#report('quota', `storage quota exceeded: ${ops.length} writes kept in memory only`, isQuotaError(again) ? again : error);
        return removals.length > 0 ? removeOnly().catch(() => undefined) : undefined;
      }
    }
  }

  /** The budget holds when a write resolves: eviction runs before the batch's promises settle. */
  async #afterBatch(ops: WriteOp[], result: CommitResult | undefined): Promise<void> {
    if (!result) return;
    this.#storedBytes = result.totals.storedBytes;
    this.#quota.stored(storedBy(ops.filter((_, i) => result.results[i])));
    if (result.totals.storedBytes > this.#quota.effective) await this.#evictSoon();
  }

  /** Evicts now; inside batch() (or once closed, for the writes still draining), once at its end. */
  async #evictSoon(): Promise<void> {
    if (this.#batchDepth > 0 || this.#closed) this.#evictWanted = true;
    else await this.#evict();
  }

  #evict(): Promise<TrimResult> {
    this.#evictWanted = false;
    return this.#evictor.run(false).catch((error: unknown) => {
      this.#report('write', 'eviction failed', error);
      return emptyTrim();
    });
  }

  /** On the first open: ask for persistence when configured, take the quota hint, and evict if over budget. */
  async #afterFirstOpen(db: IDBDatabase): Promise<void> {
    // Queued writes go first (for up to OPEN_CHECKS_WAIT_MS): these reads would hold up a
    // burst's first transactions (measured: 11–17 ms of a 100–200 ms burst issued right after open).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, OPEN_CHECKS_WAIT_MS)));
    await Promise.race([this.#queue.settled(), waited]);
    clearTimeout(timer);
    if (this.#closed) return;
    if (this.#conn.current !== db) return this.#conn.recheck(); // the connection went: the next one runs these
    if (this.#options.persist) await requestPersistence();
    this.#quota.hint((await storageEstimate()).quota);
    // A batch stored meanwhile has read the totals (and evicted if it had to).
    const storedBytes = this.#storedBytes ?? (await this.#conn.withReopen(db, readTotals)).storedBytes;
    if (storedBytes > this.#quota.effective) await this.#evictSoon();
  }

  #report(code: CacheErrorCode, message: string, cause?: unknown): void {
    this.#emitError(new CacheError(code, message, cause === undefined ? undefined : { cause }));
  }

  #emitError(error: CacheError): void {
    this.dispatchEvent(new CustomEvent('error', { detail: { error } }));
  }
}
