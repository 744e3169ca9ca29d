// TierCache: decoded values in the page's MemoryLru, compressed copies in a DiskTier run by
// the controlling service worker (or by the page when none controls it), memory copies kept
// coherent across tabs over BroadcastChannel.
import type { DiskHit, DiskRecordInfo, DiskTierLike, DiskTierStats } from '../disk/types.ts';
import { decodeValue, encodeValue } from '../disk/value.ts';
import { CacheError } from '../errors.ts';
import { MemoryLru } from '../lru/MemoryLru.ts';
import { ReadMarks } from '../readMarks.ts';
import { storageEstimate } from '../storageEstimate.ts';
import { checkTtlMs, expiryOf } from '../ttl.ts';
import type { SetEntry, WireDiskOptions } from '../wire/protocol.ts';
import type {
  CacheStats,
  ChangeDetail,
  DiskMode,
  ErrorDetail,
  EvictDetail,
  InspectResult,
  Strategy,
  TrimResult,
} from '../types.ts';
import { openChannel, parseCoherence, type CoherenceMessage } from '../wire/coherence.ts';
import { cacheFetch, isMemoryResponse, type CacheFetchInit, type FetchContext } from './cacheFetch.ts';
import { DiskLink } from './diskLink.ts';

export interface TierCacheConfig {
  name: string;
  memory: { maxEntries?: number; maxBytes?: number; maxEntryBytes?: number; weak?: boolean };
  /** false = memory only. */
  disk: false | WireDiskOptions;
  ttlMs: number | undefined;
  maxEntryBytes: number;
  strategy: Strategy;
  workerTimeoutMs: number;
  now: () => number;
  /** @internal tests: open the page's DiskTier. */
  openDisk?: ConstructorParameters<typeof DiskLink>[0]['openDisk'];
}

export interface CacheSetOptions {
  /** Freshness from now in ms (> 0; Infinity = never expires). Default: the cache's ttlMs. */
  ttlMs?: number;
}

interface Pending {
  value: unknown;
  expiresAt: number;
  seq: number;
}

interface WriteBatch {
  entries: Map<string, SetEntry & { seq: number }>;
  done: Promise<void>;
  resolve: () => void;
}

const ZERO_DISK = { entries: 0, rawBytes: 0, storedBytes: 0, hits: 0, misses: 0, evictions: 0 };

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`key must be a string, got ${key === null ? 'null' : typeof key}`);
}

export class TierCache extends EventTarget {
  readonly #c: TierCacheConfig;
  readonly #memory: MemoryLru<unknown>;
  readonly #link: DiskLink | undefined;
  readonly #channel: BroadcastChannel | undefined;
  readonly #id = Math.random().toString(36).slice(2) + Date.now().toString(36);
  /** Values whose disk write has not completed: `get` answers from here, so nothing acknowledged is lost to eviction. */
  readonly #pending = new Map<string, Pending>();
  #seq = 0;
  #batch: WriteBatch | undefined;
  #batchDepth = 0;
  /** Disk writes (flushes, deletes, clears) run in order, one after another. */
  #writes: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Memory drops caused by other tabs are not evictions. */
  #silent = false;
  /** clear() calls whose disk clear has not completed: until then the disk answers nothing. */
  #clearing = 0;
  /** Bumped by every clear(): a disk read that straddles one is not promoted or returned. */
  #clearGeneration = 0;
  /**
   * Disk reads and fetches in flight, by key. A message from another tab or the worker about the
   * key marks them: what they bring back may predate that change, so it is not kept in memory.
   */
  readonly #inFlight = new ReadMarks();
  readonly #fetchContext: FetchContext;

  constructor(config: TierCacheConfig) {
    super();
    this.#c = config;
    this.#memory = new MemoryLru<unknown>({
      ...config.memory,
      ...(config.ttlMs === undefined ? {} : { ttlMs: config.ttlMs }),
      now: config.now,
      entryInfo: true,
      onEvict: (key, _value, reason, bytes) => {
        if (!this.#silent) this.#emit('evict', { key, tier: 'memory', reason, bytes } satisfies EvictDetail);
      },
    });
    if (config.disk !== false) {
      this.#link = new DiskLink({
        name: config.name,
        disk: config.disk,
        timeoutMs: config.workerTimeoutMs,
        clientId: this.#id,
        now: config.now,
        onMode: (mode) => this.#emit('mode', { mode }),
        onError: (error) => this.#error(error),
        onPageDisk: (tier) => this.#forwardDiskEvents(tier),
        ...(config.openDisk ? { openDisk: config.openDisk } : {}),
      });
    }
    this.#fetchContext = {
      memory: this.#memory,
      inFlight: this.#inFlight,
      link: this.#link,
      strategy: config.strategy,
      now: config.now,
      onUpdate: (key, url) => this.#broadcast({ type: 'update', key, url }),
    };
    this.#channel = openChannel(config.name);
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent) => this.#onRemote(event.data);
  }

  get name(): string {
    return this.#c.name;
  }

  /** How the disk tier is reached right now. */
  get mode(): DiskMode {
    if (this.#closed) return 'closed';
    return this.#link?.mode ?? 'memory';
  }

  /** The value, or undefined. Never rejects because storage failed. */
  async get(key: string): Promise<unknown> {
    this.#assertOpen();
    checkKey(key);
    const hit = this.#memory.get(key);
    if (hit !== undefined) return isMemoryResponse(hit) ? undefined : hit;
    const pending = this.#pending.get(key);
    if (pending) return pending.expiresAt > this.#c.now() ? pending.value : undefined;
    if (!this.#link || this.#clearing > 0) return undefined;
    const link = this.#link;
    const generation = this.#clearGeneration;
    let found;
    let changed: boolean;
    try {
      // A read that another tab's change overlapped is read once more: the change was announced
      // and may be stored by now. Only an unmarked read is promoted into memory.
      ({ found, changed } = await this.#readDisk(link, key));
      if (changed && generation === this.#clearGeneration) ({ found, changed } = await this.#readDisk(link, key));
    } catch (err) {
      this.#error(err);
      return undefined;
    }
    if (!found || found.value.kind === 'response' || generation !== this.#clearGeneration) return undefined;
    let value: unknown;
    try {
      value = decodeValue(found.value);
    } catch (err) {
      this.#error(new CacheError('corrupt', `stored value of ${key} could not be decoded`, { cause: err }));
      return undefined;
    }
    // A write or delete that raced this read wins, here or in another tab (which may not have
    // reached the disk yet): only promote when nothing changed meanwhile.
    if (!this.#pending.has(key) && this.#memory.peek(key) === undefined && !changed) {
      const remaining = found.info.expiresAt - this.#c.now();
      if (remaining > 0) this.#memory.set(key, value, { ttlMs: remaining, size: found.info.rawBytes });
    }
    return value;
  }

  /** Memory tier only, synchronous; changes nothing. */
  peek(key: string): unknown {
    this.#assertOpen();
    checkKey(key);
    const v = this.#memory.peek(key);
    return isMemoryResponse(v) ? undefined : v;
  }

  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    checkKey(key);
    if (this.#memory.has(key)) return !isMemoryResponse(this.#memory.peek(key));
    const pending = this.#pending.get(key);
    if (pending) return pending.expiresAt > this.#c.now();
    if (!this.#link || this.#clearing > 0) return false;
    const generation = this.#clearGeneration;
    try {
      return (await this.#link.run((d) => d.has(key))) && generation === this.#clearGeneration;
    } catch (err) {
      this.#error(err);
      return false;
    }
  }

  /**
   * Stores a value: memory at once, disk write-through (the sets of one tick share one
   * transaction). Resolves once the disk acknowledged the write or the cache degraded to
   * memory; rejects only for bad input (TypeError/RangeError), and then nothing changed.
   */
  set(key: string, value: unknown, options?: CacheSetOptions): Promise<void> {
    try {
      this.#assertOpen();
      checkKey(key);
      if (options !== undefined && (typeof options !== 'object' || options === null)) {
        throw new TypeError('set options must be an object like { ttlMs }');
      }
      checkTtlMs(options?.ttlMs);
    } catch (err) {
      return Promise.reject(err);
    }
    let encoded;
    try {
      encoded = encodeValue(value);
    } catch (err) {
      return Promise.reject(err);
    }
    if (encoded.bytes.byteLength > this.#c.maxEntryBytes) {
      return Promise.reject(new RangeError(`value of ${key} is ${encoded.bytes.byteLength} bytes, more than maxEntryBytes (${this.#c.maxEntryBytes})`));
    }
    const ttlMs = options?.ttlMs ?? this.#c.ttlMs;
    const now = this.#c.now();
    this.#memory.set(key, value, { ttlMs: ttlMs ?? Infinity, size: encoded.bytes.byteLength });
    this.#inFlight.change([key]); // a read of the old value still on its way is not kept
    this.#broadcast({ type: 'set', key });
    this.#emit('change', { type: 'set', key, origin: 'local' } satisfies ChangeDetail);
    if (!this.#link) return Promise.resolve();
    const seq = ++this.#seq;
    this.#pending.set(key, { value, expiresAt: expiryOf(now, ttlMs), seq });
    const entry: SetEntry & { seq: number } = { key, value: encoded, seq };
    if (ttlMs !== undefined && ttlMs !== Infinity) entry.ttlMs = ttlMs;
    return this.#enqueue(entry);
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    checkKey(key);
    const inMemory = this.#memory.delete(key);
    this.#inFlight.change([key]);
    const prior = this.#pending.get(key);
    const wasPending = prior !== undefined && prior.expiresAt > this.#c.now();
    this.#pending.delete(key);
    this.#batch?.entries.delete(key);
    this.#broadcast({ type: 'delete', key });
    this.#emit('change', { type: 'delete', key, origin: 'local' } satisfies ChangeDetail);
    const link = this.#link;
    if (!link) return inMemory;
    // A tombstone until the disk delete completes: a get meanwhile must not read the old record
    // from disk and promote it back into memory.
    const seq = ++this.#seq;
    this.#pending.set(key, { value: undefined, expiresAt: -Infinity, seq });
    try {
      const onDisk = await this.#write(async () => {
        const existed = await link.run((d) => d.delete(key));
        this.#broadcast({ type: 'stored', keys: [key] });
        return existed;
      }, false);
      return inMemory || wasPending || onDisk;
    } finally {
      if (this.#pending.get(key)?.seq === seq) this.#pending.delete(key);
    }
  }

  /** Empties memory, disk and the memory of every other tab of this name. */
  async clear(): Promise<void> {
    this.#assertOpen();
    this.#memory.clear();
    this.#inFlight.change(undefined);
    this.#pending.clear();
    this.#batch?.entries.clear();
    this.#broadcast({ type: 'clear' });
    this.#emit('change', { type: 'clear', origin: 'local' } satisfies ChangeDetail);
    const link = this.#link;
    if (!link) return;
    this.#clearing++;
    this.#clearGeneration++;
    try {
      await this.#write(async () => {
        await link.run((d) => d.clear());
        this.#broadcast({ type: 'stored' });
      }, undefined);
    } finally {
      this.#clearing--;
    }
  }

  /**
   * Runs fn; every set inside it (awaited or not) joins one disk transaction, written when fn
   * settles. Sets inside resolve once queued; batch() resolves after the disk acknowledged them.
   */
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#assertOpen();
    if (typeof fn !== 'function') throw new TypeError('batch(fn): fn must be a function');
    this.#batchDepth++;
    let done: Promise<void> | undefined;
    try {
      return await fn();
    } finally {
      this.#batchDepth--;
      if (this.#batchDepth === 0 && this.#batch) done = this.#flush();
      if (done) await done;
    }
  }

  /** Runs the disk eviction loop now (and drops expired memory entries). */
  async trim(): Promise<TrimResult> {
    this.#assertOpen();
    const memoryExpired = this.#memory.purgeStale();
    let result: TrimResult = { evicted: 0, freedBytes: 0, byReason: {} };
    const link = this.#link;
    if (link) {
      try {
        result = await link.run((d) => d.trim());
      } catch (err) {
        this.#error(err);
      }
    }
    if (memoryExpired > 0) {
      result.evicted += memoryExpired;
      result.byReason.ttl = (result.byReason.ttl ?? 0) + memoryExpired;
    }
    return result;
  }

  async stats(): Promise<CacheStats> {
    this.#assertOpen();
    const m = this.#memory.stats();
    const memory = { entries: m.entries, bytes: m.bytes, hits: m.hits, misses: m.misses, evictions: m.evictions };
    const disk = await this.#diskStats();
    if (disk) {
      const { entries, rawBytes, storedBytes, hits, misses, evictions, quota } = disk;
      return { memory, disk: { entries, rawBytes, storedBytes, hits, misses, evictions }, quota };
    }
    return { memory, disk: { ...ZERO_DISK }, quota: await storageEstimate() };
  }

  /** What the inspector shows besides stats(). */
  async inspect(options: { limit?: number } = {}): Promise<InspectResult> {
    this.#assertOpen();
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    let entries: DiskRecordInfo[] = [];
    let stats: DiskTierStats | undefined;
    const link = this.#link;
    if (link) {
      try {
        [entries, stats] = await link.run((d) => Promise.all([d.list(limit), d.stats()]));
      } catch (err) {
        this.#error(err);
      }
    }
    return {
      mode: this.mode,
      controlled: link?.controlled ?? false,
      memory: { entries: this.#memory.inspect(limit), maxEntries: this.#memory.maxEntries, maxBytes: this.#memory.maxBytes },
      disk: { entries, budget: stats?.budget ?? 0, effectiveBudget: stats?.effectiveBudget ?? 0, corrupt: stats?.corrupt ?? 0 },
    };
  }

  /**
   * fetch() with a strategy (see cacheFetch.ts). Rejects as fetch does when nothing can answer.
   */
  async fetch(input: RequestInfo | URL, init: CacheFetchInit = {}): Promise<Response> {
    this.#assertOpen(); // async: a closed cache rejects, as fetch would
    return cacheFetch(this.#fetchContext, input, init);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const channel = this.#channel;
    if (channel) channel.onmessage = null; // deaf at once, but still announcing: see below
    const link = this.#link;
    if (link) {
      // Sets already made must still land (their promises resolve once they did): write what
      // this tick queued, and close the disk link (and the channel their 'stored'
      // announcements go out on) only after every queued write has run.
      void this.#flush();
      void this.#writes.finally(() => {
        channel?.close();
        try {
          link.close();
        } catch (err) {
          this.#error(err);
        }
      });
    } else {
      channel?.close();
    }
    this.#emit('mode', { mode: 'closed' });
  }

  #enqueue(entry: SetEntry & { seq: number }): Promise<void> {
    if (!this.#batch) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      this.#batch = { entries: new Map(), done, resolve };
      if (this.#batchDepth === 0) queueMicrotask(() => void this.#flush());
    }
    this.#batch.entries.delete(entry.key); // keep insertion order = write order
    this.#batch.entries.set(entry.key, entry);
    // Inside batch(), a set is acknowledged by batch() itself; awaiting it there must not deadlock.
    return this.#batchDepth > 0 ? Promise.resolve() : this.#batch.done;
  }

  #flush(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return Promise.resolve();
    this.#batch = undefined;
    const link = this.#link!;
    const entries = [...batch.entries.values()];
    void this.#write(async () => {
      if (entries.length === 0) return;
      const wire: SetEntry[] = entries.map(({ key, value, ttlMs }) => (ttlMs === undefined ? { key, value } : { key, value, ttlMs }));
      let stored: boolean[];
      try {
        stored = await link.run((d) => d.setMany(wire));
      } catch (err) {
        // The bytes may have been transferred to a worker that died: re-encode from the pending values.
        const retry = entries.filter((e) => this.#pending.get(e.key)?.seq === e.seq);
        if (retry.length === 0 || (err instanceof CacheError && err.code === 'closed-cache')) throw err;
        stored = await link.run((d) =>
          d.setMany(retry.map((e) => ({ key: e.key, value: encodeValue(this.#pending.get(e.key)!.value), ...(e.ttlMs === undefined ? {} : { ttlMs: e.ttlMs }) }))),
        );
        const byKey = new Map(retry.map((e, i) => [e.key, stored[i]]));
        stored = entries.map((e) => byKey.get(e.key) ?? false);
      }
      // Other tabs may have re-read the old records since the 'set' message: now they drop them.
      const written = entries.filter((_, i) => stored[i] === true).map((e) => e.key);
      if (written.length > 0) this.#broadcast({ type: 'stored', keys: written });
      const refused = entries.filter((_, i) => stored[i] !== true).map((e) => e.key);
      if (refused.length > 0) {
        this.#error(new CacheError('write', `the disk tier did not store ${refused.length} value(s) (${refused.slice(0, 3).join(', ')}…); they stay in memory`));
      }
    }, undefined).finally(() => {
      for (const e of entries) if (this.#pending.get(e.key)?.seq === e.seq) this.#pending.delete(e.key);
      batch.resolve();
    });
    return batch.done;
  }

  /** Queues a disk write behind the previous ones; a failure degrades (error event) to `fallback`. */
  #write<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    const run = this.#writes.then(op).catch((err: unknown) => {
      this.#error(err);
      return fallback;
    });
    this.#writes = run;
    return run;
  }

  async #diskStats(): Promise<DiskTierStats | undefined> {
    if (!this.#link) return undefined;
    try {
      return await this.#link.run((d) => d.stats());
    } catch (err) {
      this.#error(err);
      return undefined;
    }
  }

  #broadcast(m: Omit<CoherenceMessage, 'tiercache' | 'from'>): void {
    try {
      this.#channel?.postMessage({ tiercache: 1, from: this.#id, ...m } satisfies CoherenceMessage);
    } catch (err) {
      this.#error(err);
    }
  }

  #onRemote(data: unknown): void {
    const m = parseCoherence(data);
    if (!m || m.from === this.#id || this.#closed) return;
    if (m.type === 'error') {
      // A fault the worker's disk tier reported (it degraded there, as it would here).
      if (this.mode === 'worker') this.#emit('error', { error: new CacheError(m.error!.code, `service worker: ${m.error!.message}`) } satisfies ErrorDetail);
      return;
    }
    if (m.type === 'evict') {
      // The worker's disk tier evicted a record: memory copies stay valid; report it.
      if (this.mode === 'worker') this.#emit('evict', m.evict);
      return;
    }
    // The worker's announcement of a write this cache made: nothing here predates it.
    if (m.type === 'stored' && m.by === this.#id) return;
    this.#inFlight.change(m.type === 'clear' ? undefined : (m.keys ?? (m.key === undefined ? undefined : [m.key])));
    this.#silent = true;
    try {
      if (m.type === 'stored') {
        // The second announcement of a change listeners already heard of: drop, tell no one.
        // Whatever this tab holds of those keys may predate that write on disk, its own sets
        // included (the other write may have landed after them). Without a disk tier, though,
        // this tab's values are the only copies there are: nothing to re-read, so they stay.
        if (!this.#link) return;
        if (m.keys === undefined) this.#memory.clear();
        else for (const key of m.keys) this.#memory.delete(key);
        return;
      }
      if (m.type === 'clear') {
        this.#memory.clear();
        this.#pending.clear();
      } else if (m.key !== undefined) {
        this.#memory.delete(m.key);
      }
    } finally {
      this.#silent = false;
    }
    const detail: ChangeDetail = { type: m.type as ChangeDetail['type'], origin: 'remote' };
    if (m.key !== undefined) detail.key = m.key;
    this.#emit('change', detail);
  }

  /** One disk read of `key`, and whether a change of the key was made or announced meanwhile. */
  async #readDisk(link: DiskLink, key: string): Promise<{ found: DiskHit | undefined; changed: boolean }> {
    const mark = this.#inFlight.take(key);
    try {
      const found = await link.run((d) => d.get(key, false));
      return { found, changed: mark.changed };
    } finally {
      this.#inFlight.release(key, mark);
    }
  }

  #forwardDiskEvents(tier: DiskTierLike): void {
    tier.addEventListener('evict', (e) => this.#emit('evict', (e as CustomEvent<EvictDetail>).detail));
    tier.addEventListener('error', (e) => this.#emit('error', (e as CustomEvent<ErrorDetail>).detail));
  }

  #error(err: unknown): void {
    const error = err instanceof CacheError ? err : new CacheError('write', err instanceof Error ? err.message : String(err), { cause: err });
    this.#emit('error', { error } satisfies ErrorDetail);
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheError('closed-cache', `cache ${this.#c.name} was closed`);
  }
}
