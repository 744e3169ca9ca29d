// The in-page LRU: decoded values, bounded by a count and/or a byte budget.
//
// Layout: a Map from key to slot, and per-slot state in parallel arrays (keys, values, and the
// recency links in the smallest typed array that holds a slot index). Free slots are a stack
// threaded through `next`. No node objects: one entry costs a Map entry plus two array slots
// plus two link cells (bench/lru.bench.mjs prints the bytes per entry beside lru-cache's).
// Optional state (sizes, expiry, per-entry info) lives in arrays allocated only when enabled.
import { checkTtlMs } from '../ttl.ts';
import { checkKnownKeys } from '../optionKeys.ts';
import type { MemoryEntryInfo } from '../types.ts';
import { estimateSize } from './estimateSize.ts';

/** Why an entry left the in-page LRU. */
export type LruEvictReason = 'lru' | 'ttl' | 'budget' | 'manual';

/**
 * The bounds: at least one is required (`{}` does not compile).
 * maxEntries: most entries held; eviction to stay under it has reason 'lru'. Integer, 1 to 2^24.
 * maxBytes: byte budget, the sum of entry sizes; eviction to stay under it has reason 'budget'.
 */
export type MemoryLruBounds = { maxEntries: number; maxBytes?: number } | { maxEntries?: number; maxBytes: number };

export type MemoryLruOptions<V = unknown> = MemoryLruBounds & MemoryLruSettings<V>;

export interface MemoryLruSettings<V = unknown> {
  /** Largest single entry; a larger value is refused (`set` returns false). */
  maxEntryBytes?: number;
  /** Default time to live in ms, >= 0 (0: stale at once); omitted or Infinity = entries never expire unless `set` gives a TTL. */
  ttlMs?: number;
  /** Keep evicted object values as WeakRefs so `get` can return them while the app holds them. */
  weak?: boolean;
  /** Size of a value in bytes when `set` gives none; default `estimateSize`. */
  sizeOf?: (value: V, key: string) => number;
  /** Clock in ms; default `Date.now`. Read only for entries with a TTL (and on set with `entryInfo`). */
  now?: () => number;
  /**
   * Called after an entry left the cache (not when a key is overwritten), with the size it was
   * accounted at (0 without byte accounting). Must not modify the cache.
   */
  onEvict?: (key: string, value: V, reason: LruEvictReason, size: number) => void;
  /** Record `createdAt` and hits per entry for `inspect()`: 12 bytes per slot, one clock read per set. */
  entryInfo?: boolean;
}

export interface LruSetOptions {
  /** Time to live for this entry in ms, >= 0 (0: stale at once); `Infinity` = never expires, whatever the default. */
  ttlMs?: number;
  /** Size in bytes; skips `sizeOf`. Used only when byte accounting is on. */
  size?: number;
}

export interface MemoryLruStats {
  /** Resident entries, including expired ones not yet purged. */
  entries: number;
  /** Sum of resident entry sizes (0 when byte accounting is off). */
  bytes: number;
  /** `get` calls that returned a value (weak resurrections included). */
  hits: number;
  /** `get` calls that returned undefined. */
  misses: number;
  /** Entries that left without being asked to: reasons 'lru', 'budget' and 'ttl'. */
  evictions: number;
  /** `get` hits answered from a WeakRef after eviction (a subset of `hits`). */
  weakHits: number;
  /** Evicted object values currently held as WeakRefs. */
  weakEntries: number;
  /** `set` calls refused because the value was larger than maxEntryBytes or maxBytes. */
  refused: number;
  /** Departures by reason, 'manual' (delete, clear) included. */
  byReason: Record<LruEvictReason, number>;
}

type Links = Uint8Array | Uint16Array | Uint32Array;

interface WeakEntry {
  ref: WeakRef<object>;
  size: number;
  expiresAt: number;
  createdAt: number;
}

/** The largest Map V8 can hold. */
const MAX_SLOTS = 2 ** 24;
const INITIAL_SLOTS = 1024;

const OPTION_KEYS = ['maxEntries', 'maxBytes', 'maxEntryBytes', 'ttlMs', 'weak', 'sizeOf', 'now', 'onEvict', 'entryInfo'];

const POSITIVE = 'a positive finite number';
const SIZE = 'a non-negative finite number';

const BOUNDS_HINT = 'set maxEntries, maxBytes or both';

/**
 * The LRU itself, as the page's TierCache uses it: every size comes with `set` or from
 * `sizeOf`, so estimateSize is not bundled with it. `MemoryLru` below is the public class.
 */
export class MemoryLruCore<V = unknown> {
  readonly #maxEntries: number | undefined;
  readonly #maxBytes: number | undefined;
  /** maxEntries, or the most entries a Map holds: compared on every insert. */
  readonly #entryLimit: number;
  /** The byte budget, or Infinity. */
  readonly #byteLimit: number;
  /** min(maxEntryBytes, maxBytes), or Infinity. */
  readonly #entryByteLimit: number;
  readonly #ttlMs: number;
  /** `sizeOf`, else the class's default. */
  readonly #sizeOf: (value: V, key: string) => number;
  readonly #now: () => number;
  readonly #onEvict: ((key: string, value: V, reason: LruEvictReason, size: number) => void) | undefined;
  readonly #weak: Map<string, WeakEntry> | undefined;
  readonly #registry: FinalizationRegistry<string> | undefined;
  /** No sizes, no default TTL, no entry info, no WeakRefs: `set` without options takes the short path. */
  readonly #plain: boolean;

  readonly #map = new Map<string, number>();
  #keys: (string | undefined)[];
  #values: (V | undefined)[];
  #next: Links;
  #prev: Links;
  /** Allocated when bytes are accounted (maxBytes, maxEntryBytes or sizeOf given). */
  #sizes: Float64Array | undefined;
  /** Absolute expiry time per slot; Infinity = never. Allocated on the first TTL. */
  #expires: Float64Array | undefined;
  #created: Float64Array | undefined;
  #entryHits: Uint32Array | undefined;

  /** Slots handed out at least once; slots below it are either live or on the free stack, so the stack holds #used - #size. */
  #used = 0;
  #freeTop = 0;
  #newest = 0;
  #oldest = 0;
  #size = 0;
  #bytes = 0;

  #hits = 0;
  #misses = 0;
  #weakHits = 0;
  #refused = 0;
  /** Departures by reason. */
  readonly #departed: Record<LruEvictReason, number> = { lru: 0, budget: 0, ttl: 0, manual: 0 };
  /** The first error thrown by onEvict during an operation, rethrown once the cache is consistent. */
  #callbackError: { error: unknown } | undefined;

  /** `defaultSizeOf`: the size of a value when neither `set` nor `sizeOf` gives one. */
  constructor(options: MemoryLruOptions<V>, defaultSizeOf: (value: V, key: string) => number = noSize) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`MemoryLru options must be an object: ${BOUNDS_HINT}`);
    }
    checkKnownKeys(options, OPTION_KEYS, 'MemoryLru');
    const { maxEntries, maxBytes, maxEntryBytes, ttlMs, weak, sizeOf, now, onEvict, entryInfo } = options as MemoryLruSettings<V> & {
      maxEntries?: number;
      maxBytes?: number;
    };
    if (maxEntries === undefined && maxBytes === undefined) {
      throw new TypeError(`MemoryLru needs a bound: ${BOUNDS_HINT}`);
    }
    if (maxEntries !== undefined) {
      checkNumber('maxEntries', maxEntries, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_SLOTS, `an integer from 1 to ${MAX_SLOTS}`);
    }
    if (maxBytes !== undefined) checkNumber('maxBytes', maxBytes, (n) => n > 0 && n < Infinity, POSITIVE);
    if (maxEntryBytes !== undefined) checkNumber('maxEntryBytes', maxEntryBytes, (n) => n > 0 && n < Infinity, POSITIVE);
    checkTtlMs(ttlMs);
    checkOptional('weak', weak, 'boolean');
    checkOptional('entryInfo', entryInfo, 'boolean');
    checkOptional('sizeOf', sizeOf, 'function');
    checkOptional('now', now, 'function');
    checkOptional('onEvict', onEvict, 'function');

    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#entryLimit = maxEntries ?? MAX_SLOTS;
    this.#byteLimit = maxBytes ?? Infinity;
    this.#entryByteLimit = Math.min(maxEntryBytes ?? Infinity, this.#byteLimit);
    this.#sizeOf = sizeOf ?? defaultSizeOf;
    this.#ttlMs = ttlMs ?? Infinity;
    this.#now = now ?? Date.now;
    this.#onEvict = onEvict;
    if (weak) {
      this.#weak = new Map();
      const entries = this.#weak;
      // A collected value leaves its key behind; drop it unless a newer WeakRef took the key.
      this.#registry = new FinalizationRegistry((key: string) => {
        if (entries.get(key)?.ref.deref() === undefined) entries.delete(key);
      });
    }

    const Links = this.#entryLimit <= 2 ** 8 ? Uint8Array : this.#entryLimit <= 2 ** 16 ? Uint16Array : Uint32Array;
    const capacity = Math.min(this.#entryLimit, INITIAL_SLOTS);
    this.#keys = slots(capacity);
    this.#values = slots(capacity);
    this.#next = new Links(capacity);
    this.#prev = new Links(capacity);
    if (maxBytes !== undefined || maxEntryBytes !== undefined || sizeOf !== undefined) this.#sizes = new Float64Array(capacity);
    this.#plain = !this.#sizes && this.#ttlMs === Infinity && !entryInfo && !weak;
    if (entryInfo) {
      this.#created = new Float64Array(capacity);
      this.#entryHits = new Uint32Array(capacity);
    }
  }

  /** The count bound, if any. */
  get maxEntries(): number | undefined {
    return this.#maxEntries;
  }

  /** The byte budget, if any. */
  get maxBytes(): number | undefined {
    return this.#maxBytes;
  }

  /** Resident entries, including expired ones not yet purged. */
  get size(): number {
    return this.#size;
  }

  /** Sum of resident entry sizes; 0 unless maxBytes, maxEntryBytes or sizeOf is set. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value, made most recently used; undefined when absent or expired (which removes it). */
  get(key: string): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return this.#getMissing(key);
    if (this.#expires && this.#isExpired(slot)) {
      this.#remove(slot, 'ttl');
      this.#misses++;
      this.#settle();
      return undefined;
    }
    this.#hits++;
    if (this.#entryHits) this.#entryHits[slot]!++;
    this.#touch(slot);
    return this.#values[slot];
  }

  /** The value without touching recency, stats or expired entries; evicted WeakRefs are not consulted. */
  peek(key: string): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      checkKey(key);
      return undefined;
    }
    if (this.#expires && this.#isExpired(slot)) return undefined;
    return this.#values[slot];
  }

  /** Whether `get` would return a resident value (WeakRefs not consulted). Changes nothing. */
  has(key: string): boolean {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      checkKey(key);
      return false;
    }
    return !(this.#expires && this.#isExpired(slot));
  }

  /**
   * Stores a value as the most recently used, evicting as needed. Returns false, and stores
   * nothing, when the value is larger than maxEntryBytes or maxBytes; an older value under the
   * same key is then removed (reason 'budget'), and so is its WeakRef, so `get` never returns
   * superseded data.
   * Overwriting a key does not call onEvict.
   */
  set(key: string, value: V, options?: LruSetOptions): boolean {
    checkKey(key);
    if (value === undefined) throw new TypeError(`value for "${key}" is undefined: use delete(key) instead`);
    if (options === undefined && this.#plain) return this.#setPlain(key, value);
    let ttlMs = this.#ttlMs;
    let size: number | undefined;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) {
        throw new TypeError(`set options must be an object, got ${String(options)}`);
      }
      checkTtlMs(options.ttlMs);
      ttlMs = options.ttlMs ?? ttlMs;
      size = options.size;
      if (size !== undefined) checkNumber('size', size, isSize, SIZE);
    }
    // Without byte accounting sizes are validated but not kept.
    size = this.#sizes ? (size ?? this.#measure(key, value)) : 0;

    let slot = this.#map.get(key);
    if (size > this.#entryByteLimit) {
      this.#refused++;
      // The superseded value leaves for good: no WeakRef, so `get` cannot bring it back.
      if (slot !== undefined) this.#remove(slot, 'budget', false);
      else if (this.#weak) this.#dropWeak(key);
      this.#settle();
      return false;
    }

    // The clock is read only when a TTL or entryInfo needs it; with ttlMs Infinity, expiresAt is too.
    const createdAt = ttlMs !== Infinity || this.#created ? this.#now() : 0;
    const expiresAt = createdAt + ttlMs;

    if (slot !== undefined) {
      this.#values[slot] = value;
      if (this.#sizes) {
        this.#bytes += size - this.#sizes[slot]!;
        this.#sizes[slot] = size;
      }
      this.#touch(slot);
      this.#writeMeta(slot, expiresAt, createdAt);
      // The entry is newest and fits the budget alone, so this stops before reaching it.
      while (this.#bytes > this.#byteLimit) this.#evictOldest('budget');
    } else {
      if (this.#weak) this.#dropWeak(key);
      this.#insert(key, value, size, expiresAt, createdAt);
    }
    this.#settle();
    return true;
  }

  /** Removes an entry (reason 'manual') and any WeakRef kept for the key. True if an entry was resident. */
  delete(key: string): boolean {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      checkKey(key);
      if (this.#weak) this.#dropWeak(key);
      return false;
    }
    this.#remove(slot, 'manual');
    this.#settle();
    return true;
  }

  /** Removes everything, newest first, calling onEvict (reason 'manual') as each entry leaves. */
  clear(): void {
    if (this.#weak) {
      for (const entry of this.#weak.values()) this.#registry!.unregister(entry);
      this.#weak.clear();
    }
    while (this.#size > 0) this.#remove(this.#newest, 'manual');
    // Slots are handed out from the first again; no rounding left in the byte count.
    this.#used = 0;
    this.#bytes = 0;
    this.#settle();
  }

  /** Removes every expired entry now (reason 'ttl'); returns how many. */
  purgeStale(): number {
    if (!this.#expires || this.#size === 0) return 0;
    const now = this.#now();
    let removed = 0;
    // Oldest first, reading the newer neighbour before the slot is freed.
    for (let slot = this.#oldest, n = this.#size; n > 0; n--) {
      const newer = this.#prev[slot]!;
      if (this.#expires[slot]! <= now) {
        this.#remove(slot, 'ttl');
        removed++;
      }
      slot = newer;
    }
    this.#settle();
    return removed;
  }

  /** A snapshot of the keys `get` would return a value for, most recently used first. */
  keys(): string[] {
    const keys: string[] = [];
    const now = this.#expires ? this.#now() : 0;
    for (let slot = this.#newest, n = this.#size; n > 0; n--, slot = this.#next[slot]!) {
      if (!this.#expires || this.#expires[slot]! > now) keys.push(this.#keys[slot]!);
    }
    return keys;
  }

  /** A snapshot of [key, value] pairs `get` would return, most recently used first. */
  entries(): [string, V][] {
    const entries: [string, V][] = [];
    const now = this.#expires ? this.#now() : 0;
    for (let slot = this.#newest, n = this.#size; n > 0; n--, slot = this.#next[slot]!) {
      if (!this.#expires || this.#expires[slot]! > now) entries.push([this.#keys[slot]!, this.#values[slot]!]);
    }
    return entries;
  }

  /**
   * Every resident entry (expired ones not yet purged included), most recently used first, at
   * most `limit`. `createdAt` and `hits` are NaN unless the cache was built with `entryInfo: true`.
   */
  inspect(limit = Infinity): MemoryEntryInfo[] {
    checkNumber('limit', limit, (n) => n >= 0 && (n === Infinity || Number.isInteger(n)), 'a non-negative integer or Infinity');
    const out: MemoryEntryInfo[] = [];
    for (let slot = this.#newest, n = Math.min(this.#size, limit); n > 0; n--, slot = this.#next[slot]!) {
      out.push({
        key: this.#keys[slot]!,
        size: this.#sizes?.[slot] ?? 0,
        createdAt: this.#created?.[slot] ?? NaN,
        expiresAt: this.#expires?.[slot] ?? Infinity,
        hits: this.#entryHits?.[slot] ?? NaN,
      });
    }
    return out;
  }

  stats(): MemoryLruStats {
    return {
      entries: this.#size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#departed.lru + this.#departed.budget + this.#departed.ttl,
      weakHits: this.#weakHits,
      weakEntries: this.#weak?.size ?? 0,
      refused: this.#refused,
      byReason: { ...this.#departed },
    };
  }

  // ---- internals -------------------------------------------------------------------------

  /** `set` for a cache without sizes, default TTL, entry info or WeakRefs: the eviction reuses the slot. */
  #setPlain(key: string, value: V): boolean {
    let slot = this.#map.get(key);
    if (slot !== undefined) {
      this.#values[slot] = value;
      if (this.#expires) this.#expires[slot] = Infinity;
      this.#touch(slot);
      return true;
    }
    if (this.#size < this.#entryLimit) {
      this.#insert(key, value, 0, Infinity, 0);
      return true;
    }
    slot = this.#oldest;
    const oldKey = this.#keys[slot]!;
    const oldValue = this.#values[slot]!;
    const expired = this.#expires && this.#isExpired(slot);
    if (expired) this.#departed.ttl++;
    else this.#departed.lru++;
    this.#map.delete(oldKey);
    this.#map.set(key, slot);
    this.#keys[slot] = key;
    this.#values[slot] = value;
    if (this.#expires) this.#expires[slot] = Infinity;
    this.#touch(slot);
    if (this.#onEvict) {
      this.#emit(oldKey, oldValue, expired ? 'ttl' : 'lru', 0); // the short path keeps no sizes
      this.#settle();
    }
    return true;
  }

  #getMissing(key: string): V | undefined {
    checkKey(key);
    const entry = this.#weak?.get(key);
    if (entry) {
      this.#dropWeak(key);
      const value = entry.ref.deref() as V | undefined;
      if (value !== undefined && (entry.expiresAt === Infinity || entry.expiresAt > this.#now())) {
        this.#hits++;
        this.#weakHits++;
        this.#insert(key, value, entry.size, entry.expiresAt, entry.createdAt);
        this.#settle();
        return value;
      }
    }
    this.#misses++;
    return undefined;
  }

  #isExpired(slot: number): boolean {
    const expiresAt = this.#expires![slot]!;
    return expiresAt !== Infinity && expiresAt <= this.#now();
  }

  #measure(key: string, value: V): number {
    const size = this.#sizeOf(value, key);
    if (typeof size !== 'number' || !isSize(size)) {
      throw new TypeError(`sizeOf returned ${String(size)} for "${key}", not ${SIZE}`);
    }
    return size;
  }

  /** Makes room, then links a new key as the newest entry. */
  #insert(key: string, value: V, size: number, expiresAt: number, createdAt: number): void {
    if (this.#size >= this.#entryLimit) this.#evictOldest('lru');
    while (this.#size > 0 && this.#bytes + size > this.#byteLimit) this.#evictOldest('budget');
    let slot: number;
    if (this.#size < this.#used) {
      slot = this.#freeTop;
      this.#freeTop = this.#next[slot]!;
    } else {
      if (this.#used === this.#next.length) this.#grow();
      slot = this.#used++;
    }
    this.#map.set(key, slot);
    this.#keys[slot] = key;
    this.#values[slot] = value;
    if (this.#sizes) this.#sizes[slot] = size;
    this.#bytes += size;
    this.#writeMeta(slot, expiresAt, createdAt);
    if (this.#size === 0) {
      this.#newest = this.#oldest = slot;
    } else {
      this.#next[slot] = this.#newest;
      this.#prev[this.#newest] = slot;
      this.#newest = slot;
    }
    this.#size++;
  }

  #writeMeta(slot: number, expiresAt: number, createdAt: number): void {
    if (expiresAt !== Infinity && !this.#expires) {
      this.#expires = new Float64Array(this.#next.length).fill(Infinity);
    }
    if (this.#expires) this.#expires[slot] = expiresAt;
    if (this.#created) {
      this.#created[slot] = createdAt;
      this.#entryHits![slot] = 0;
    }
  }

  /** Makes a slot the newest. */
  #touch(slot: number): void {
    if (slot === this.#newest) return;
    const newer = this.#prev[slot]!;
    if (slot === this.#oldest) {
      this.#oldest = newer;
    } else {
      const older = this.#next[slot]!;
      this.#next[newer] = older;
      this.#prev[older] = newer;
    }
    this.#next[slot] = this.#newest;
    this.#prev[this.#newest] = slot;
    this.#newest = slot;
  }

  #evictOldest(reason: 'lru' | 'budget'): void {
    const slot = this.#oldest;
    // An entry already past its expiry leaves for that reason, and is not kept weakly.
    this.#remove(slot, this.#expires && this.#isExpired(slot) ? 'ttl' : reason);
  }

  /** Unlinks and frees a slot, then reports it. */
  #remove(slot: number, reason: LruEvictReason, keepWeak = true): void {
    const key = this.#keys[slot]!;
    const value = this.#values[slot]!;
    if (slot === this.#newest) this.#newest = this.#next[slot]!;
    else this.#next[this.#prev[slot]!] = this.#next[slot]!;
    if (slot === this.#oldest) this.#oldest = this.#prev[slot]!;
    else this.#prev[this.#next[slot]!] = this.#prev[slot]!;
    this.#map.delete(key);
    this.#keys[slot] = undefined;
    this.#values[slot] = undefined;
    this.#size--;
    let size = 0;
    if (this.#sizes) {
      size = this.#sizes[slot]!;
      this.#bytes -= size;
    }
    this.#next[slot] = this.#freeTop;
    this.#freeTop = slot;
    this.#departed[reason]++;
    if (keepWeak && this.#weak && (reason === 'lru' || reason === 'budget') && isObject(value)) {
      const entry: WeakEntry = {
        ref: new WeakRef(value),
        size,
        expiresAt: this.#expires?.[slot] ?? Infinity,
        createdAt: this.#created?.[slot] ?? 0,
      };
      this.#weak.set(key, entry);
      this.#registry!.register(value, key, entry);
    }
    if (this.#onEvict) this.#emit(key, value, reason, size);
  }

  #dropWeak(key: string): void {
    const entry = this.#weak!.get(key);
    if (entry === undefined) return;
    this.#weak!.delete(key);
    this.#registry!.unregister(entry);
  }

  #emit(key: string, value: V, reason: LruEvictReason, size: number): void {
    try {
      this.#onEvict!(key, value, reason, size);
    } catch (error) {
      this.#callbackError ??= { error };
    }
  }

  /** Rethrows the first onEvict error of the operation that just completed. */
  #settle(): void {
    if (!this.#callbackError) return;
    const { error } = this.#callbackError;
    this.#callbackError = undefined;
    throw error;
  }

  #grow(): void {
    const old = this.#next.length;
    const capacity = Math.min(this.#entryLimit, old * 2);
    this.#keys = this.#keys.concat(slots(capacity - old));
    this.#values = this.#values.concat(slots(capacity - old));
    this.#next = resize(this.#next, capacity);
    this.#prev = resize(this.#prev, capacity);
    if (this.#sizes) this.#sizes = resize(this.#sizes, capacity);
    if (this.#expires) this.#expires = resize(this.#expires, capacity).fill(Infinity, old);
    if (this.#created) this.#created = resize(this.#created, capacity);
    if (this.#entryHits) this.#entryHits = resize(this.#entryHits, capacity);
  }
}

/** The public in-page LRU (tiercache/lru): sizes estimated by default (estimateSize), and getOrSet. */
export class MemoryLru<V = unknown> extends MemoryLruCore<V> {
  constructor(options: MemoryLruOptions<V>) {
    super(options, estimateSize);
  }

  /**
   * The value of `key`, else `compute(key)`, stored with `options` and returned (also when it
   * was refused as too large). Synchronous: there is nothing to de-duplicate.
   */
  getOrSet(key: string, compute: (key: string) => V, options?: LruSetOptions): V {
    checkType('compute', compute, 'function');
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = compute(key);
    this.set(key, value, options);
    return value;
  }
}

function noSize(_value: unknown, key: string): number {
  throw new TypeError(`"${key}" was set without a size: pass { size } to set() or a sizeOf option`);
}

/** `length` slots holding undefined, not holes (a hole is looked up on the prototype chain). */
function slots(length: number): undefined[] {
  return new Array<undefined>(length).fill(undefined);
}

function resize<T extends Links | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array as never);
  return next;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new TypeError(`keys must be strings, got ${key === null ? 'null' : typeof key}`);
  }
}

/** A TypeError unless `value` is a number, a RangeError naming `rule` unless `valid(value)`. */
function checkNumber(name: string, value: unknown, valid: (n: number) => boolean, rule: string): asserts value is number {
  checkType(name, value, 'number');
  if (!valid(value as number)) throw new RangeError(`${name} must be ${rule}, got ${value}`);
}

function checkType(name: string, value: unknown, type: 'number' | 'boolean' | 'function'): void {
  if (typeof value !== type) throw new TypeError(`${name} must be a ${type}, got ${typeof value}`);
}

function checkOptional(name: string, value: unknown, type: 'boolean' | 'function'): void {
  if (value !== undefined) checkType(name, value, type);
}

function isSize(n: number): boolean {
  return n >= 0 && n < Infinity;
}
