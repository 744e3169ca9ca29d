// TierCache: decoded values in the page's MemoryLru, compressed copies in a DiskTier run by
// the controlling service worker (or by the page when none controls it), memory copies kept
// coherent across tabs over BroadcastChannel.
import type { ClearOptions, DiskHit, DiskTierLike } from '../diskContract.ts';
import { decodeValue, encodeValue } from '../value.ts';
import { CacheError } from '../errors.ts';
import { MemoryLruCore } from '../lru/MemoryLru.ts';
import { ReadMarks } from '../readMarks.ts';
import { checkTtlMs, expiryOf } from '../ttl.ts';
import type { Cacheable, CacheStats, ChangeDetail, DiskMode, ErrorDetail, EvictDetail, InspectResult, TierCacheEventMap, TrimResult } from '../types.ts';
import type { CacheSetOptions, TierCacheConfig } from './config.ts';
import { isInternalKey } from '../internalKeys.ts';
import { checkKey, checkWritableKey } from './keys.ts';
import type { GetOrSetOptions, InspectionContext, IterationContext, Loader, Loads } from './occasional.ts';
import type { CacheFetchInit, FetchContext } from './cacheFetch.ts';
import { isMemoryResponse } from './memoryResponse.ts';
import { later, loadOnce } from './loadOnce.ts';
import { DiskLink, loadDiskTier } from './diskLink.ts';
import { TabCoherence } from './tabCoherence.ts';
import { WriteBehind } from './writeBehind.ts';

/** cache.fetch (with the HTTP rules it applies), and the other occasional calls: loaded at first use (loadOnce.ts). */
const loadFetch = loadOnce(() => import('./cacheFetch.ts'));
const loadOccasional = loadOnce(() => import('./occasional.ts'));

type Listener<K extends keyof TierCacheEventMap> = ((this: TierCache, event: TierCacheEventMap[K]) => unknown) | { handleEvent(event: TierCacheEventMap[K]): unknown };

// The typed events (declaration merging): `cache.addEventListener('evict', (e) => e.detail.key)`
// compiles under strict without a cast; other event names fall back to EventTarget's signature.
export interface TierCache {
  addEventListener<K extends keyof TierCacheEventMap>(type: K, listener: Listener<K> | null, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof TierCacheEventMap>(type: K, listener: Listener<K> | null, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export class TierCache extends EventTarget {
  readonly #c: TierCacheConfig;
  readonly #memory: MemoryLruCore<unknown>;
  readonly #link: DiskLink | undefined;
  readonly #coherence: TabCoherence;
  readonly #id = Math.random().toString(36).slice(2) + Date.now().toString(36);
  /** Sets and deletes on their way to disk (see writeBehind.ts); none without a disk tier. */
  readonly #writeBehind: WriteBehind | undefined;
  #closed = false;
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
  readonly #iteration: IterationContext;
  /** getOrSet's loads in flight; created with the first getOrSet. */
  #loads: Loads | undefined;

  constructor(config: TierCacheConfig) {
    super();
    this.#c = config;
    this.#memory = new MemoryLruCore<unknown>({
      ...config.memory,
      ...(config.ttlMs === undefined ? {} : { ttlMs: config.ttlMs }),
      now: config.now,
      entryInfo: true,
      onEvict: (key, _value, reason, bytes) => {
        if (!this.#coherence.dropping) this.#emit('evict', { key, tier: 'memory', reason, bytes } satisfies EvictDetail);
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
      this.#writeBehind = new WriteBehind({
        link: this.#link,
        announceStored: (keys) => this.#coherence.announce(keys === undefined ? { type: 'stored' } : { type: 'stored', keys }),
        onError: (err) => this.#error(err),
      });
    }
    this.#fetchContext = {
      memory: this.#memory,
      inFlight: this.#inFlight,
      link: this.#link,
      name: config.name,
      strategy: config.strategy,
      now: config.now,
      onUpdate: (key, url) => this.#coherence.announce({ type: 'update', key, url }),
    };
    const diskReadable = () => this.#clearing === 0;
    this.#iteration = { memory: this.#memory, link: this.#link, now: config.now, diskReadable, onError: (err) => this.#error(err) };
    this.#coherence = new TabCoherence({
      name: config.name,
      id: this.#id,
      memory: this.#memory,
      inFlight: this.#inFlight,
      hasDisk: this.#link !== undefined,
      workerMode: () => this.mode === 'worker',
      onRemoteClear: () => this.#writeBehind?.dropPending(),
      emit: (type, detail) => this.#emit(type, detail),
      onError: (err) => this.#error(err),
    });
    // No worker controls the page, so no precache serves its chunks offline: load them now, while
    // surely online (warm-up only: a failure retries at use).
    void this.ready();
  }

  get name(): string {
    return this.#c.name;
  }

  /** How the disk tier is reached right now. */
  get mode(): DiskMode {
    if (this.#closed) return 'closed';
    return this.#link?.mode ?? 'memory';
  }

  /**
   * The value, or undefined. Never rejects because storage failed. `T` is what you stored
   * (`get<User>('user:1')`): the cache does not check it, as JSON.parse does not.
   */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#assertOpen();
    checkKey(key);
    if (isInternalKey(key)) return undefined;
    const hit = this.#memory.get(key);
    if (hit !== undefined) return isMemoryResponse(hit) ? undefined : (hit as T);
    const pending = this.#writeBehind?.pending(key);
    if (pending) return pending.expiresAt > this.#c.now() ? (pending.value as T) : undefined;
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
    if (!this.#writeBehind?.pending(key) && this.#memory.peek(key) === undefined && !changed) {
      const remaining = found.info.expiresAt - this.#c.now();
      if (remaining > 0) this.#memory.set(key, value, { ttlMs: remaining, size: found.info.rawBytes });
    }
    return value as T;
  }

  /** Memory tier only, synchronous; changes nothing. */
  peek<T = unknown>(key: string): T | undefined {
    this.#assertOpen();
    checkKey(key);
    const v = this.#memory.peek(key);
    return isMemoryResponse(v) ? undefined : (v as T);
  }

  async has(key: string): Promise<boolean> {
    this.#assertOpen();
    checkKey(key);
    if (this.#memory.has(key)) return !isMemoryResponse(this.#memory.peek(key));
    const pending = this.#writeBehind?.pending(key);
    if (pending) return pending.expiresAt > this.#c.now();
    if (!this.#link || this.#clearing > 0 || isInternalKey(key)) return false;
    const generation = this.#clearGeneration;
    try {
      // Read, not d.has(): a response stored by cache.fetch or a worker route is not a value here.
      const found = await this.#link.run((d) => d.get(key, false));
      return found !== undefined && found.value.kind !== 'response' && generation === this.#clearGeneration;
    } catch (err) {
      this.#error(err);
      return false;
    }
  }

  /**
   * Stores a value: memory at once, disk write-through (the sets of one tick share one
   * transaction). Resolves once the disk acknowledged the write or the cache degraded to
   * memory; rejects only for bad input (TypeError/RangeError), and then nothing changed.
   * Values TypeScript can tell are not cacheable (functions, Map, Date…) do not compile.
   */
  set<T>(key: string, value: T & Cacheable<T>, options?: CacheSetOptions): Promise<void> {
    try {
      this.#assertOpen();
      checkWritableKey(key);
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
    this.#coherence.announce({ type: 'set', key });
    this.#emit('change', { type: 'set', key, origin: 'local' } satisfies ChangeDetail);
    return this.#writeBehind?.set(key, value, encoded, ttlMs, expiryOf(now, ttlMs)) ?? Promise.resolve();
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    checkWritableKey(key);
    const inMemory = this.#memory.delete(key);
    this.#inFlight.change([key]);
    const writeBehind = this.#writeBehind;
    const wasPending = writeBehind?.forget(key, this.#c.now()) ?? false;
    this.#coherence.announce({ type: 'delete', key });
    this.#emit('change', { type: 'delete', key, origin: 'local' } satisfies ChangeDetail);
    if (!writeBehind) return inMemory;
    const onDisk = await writeBehind.delete(key);
    return inMemory || wasPending || onDisk;
  }

  /**
   * The value of `key`, else the loader's result, stored with `ttlMs`. Concurrent callers of one
   * key share one loader call; the loader's signal aborts once all of them aborted.
   */
  getOrSet<T>(key: string, loader: Loader<T & Cacheable<T>>, options: GetOrSetOptions = {}): Promise<T> {
    try {
      this.#assertOpen();
      checkWritableKey(key);
    } catch (err) {
      return Promise.reject(err);
    }
    return loadOccasional().then((m) => {
      m.checkGetOrSet(loader, options);
      this.#assertOpen(); // closed while the code loaded
      const target = { get: (k: string) => this.get<T>(k), set: (k: string, v: T, o?: CacheSetOptions) => this.set(k, v as never, o), marks: this.#inFlight };
      return (this.#loads ??= new m.Loads()).join(key, options.signal, (signal) => m.loadAndStore(target, key, loader, options.ttlMs, signal));
    });
  }

  /** Keys of both tiers, memory first (most recently used first), then disk (most recently accessed first). */
  keys(): AsyncGenerator<string, void, undefined> {
    this.#assertOpen();
    return later(loadOccasional().then((m) => m.iterateKeys(this.#iteration)));
  }

  /** [key, value] of both tiers, in keys() order; disk values are read, not promoted into memory. */
  entries<T = unknown>(): AsyncGenerator<[string, T], void, undefined> {
    this.#assertOpen();
    return later(loadOccasional().then((m) => m.iterateEntries<T>(this.#iteration)));
  }

  /** Empties memory, disk and the memory of every other tab of this name. `shred`: see ClearOptions (logout). */
  async clear({ shred }: ClearOptions = {}): Promise<void> {
    this.#assertOpen();
    if (shred !== undefined && typeof shred !== 'boolean') throw new TypeError('shred must be a boolean');
    this.#memory.clear();
    this.#inFlight.change(undefined);
    const writeBehind = this.#writeBehind;
    writeBehind?.forgetAll();
    this.#coherence.announce({ type: 'clear' });
    this.#emit('change', { type: 'clear', origin: 'local' } satisfies ChangeDetail);
    if (!writeBehind) return;
    this.#clearing++;
    this.#clearGeneration++;
    try {
      await writeBehind.clear(shred);
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
    return this.#writeBehind ? this.#writeBehind.batch(fn) : await fn();
  }

  /** Runs the disk eviction loop now (and drops expired memory entries). */
  async trim(): Promise<TrimResult> {
    this.#assertOpen();
    return (await loadOccasional()).trimTiers(this.#inspection());
  }

  async stats(): Promise<CacheStats> {
    this.#assertOpen();
    return (await loadOccasional()).cacheStats(this.#inspection());
  }

  /** What the inspector shows besides stats(). */
  async inspect(options: { limit?: number } = {}): Promise<InspectResult> {
    this.#assertOpen();
    return (await loadOccasional()).inspectTiers(this.#inspection(), options);
  }

  /** fetch() with a strategy (see cacheFetch.ts). Rejects as fetch does when nothing can answer. */
  async fetch(input: RequestInfo | URL, init: CacheFetchInit = {}): Promise<Response> {
    this.#assertOpen(); // async: a closed cache rejects, as fetch would
    return (await loadFetch()).cacheFetch(this.#fetchContext, input, init);
  }

  /**
   * Resolves once the code this page needs to run the cache offline has arrived. Under a worker
   * it resolves at once (the worker's precache serves the page's chunks offline); with no worker,
   * after cache.fetch, the occasional calls and the page's own disk tier have loaded, which starts
   * at createCache. A page that may go offline right after it loads awaits it first. Never
   * rejects: a chunk that could not load is tried again at its first use, which reports it.
   */
  async ready(): Promise<void> {
    if (this.#link?.mode === 'page') await Promise.all([loadFetch(), loadOccasional(), loadDiskTier()]).catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#loads?.abortAll(new CacheError('closed-cache', `cache ${this.#c.name} was closed`));
    const coherence = this.#coherence;
    coherence.deafen(); // at once, but still announcing: see below
    const link = this.#link;
    if (link && this.#writeBehind) {
      // Sets already made must still land: the disk link (and the channel their 'stored'
      // announcements go out on) closes only after every queued write has run.
      this.#writeBehind.close(() => {
        coherence.close();
        try {
          link.close();
        } catch (err) {
          this.#error(err);
        }
      });
    } else {
      coherence.close();
    }
    this.#emit('mode', { mode: 'closed' });
  }

  #inspection(): InspectionContext {
    return { memory: this.#memory, link: this.#link, mode: this.mode, onError: (err) => this.#error(err) };
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
