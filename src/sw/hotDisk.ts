// The worker's hot copies of stored responses: a small byte-bounded LRU (byteLru.ts) in front of the route
// database's DiskTier, so a cache hit on a hot URL skips the IndexedDB read and inflate.
// Only a copy: every write goes to disk first, the worker may lose it at any time, and
// pages' set/delete/clear (BroadcastChannel) drop it. Hits still refresh the record's
// last access on disk, in the background and at most once a minute per key, so disk
// eviction keeps seeing hot records as hot.
import type { ClearOptions, DiskHit, DiskRecordInfo, DiskTierLike, DiskTierStats, EncodedValue, GetOptions, ListOptions, SetOptions } from '../diskContract.ts';
import { ByteLru } from './byteLru.ts';
import { expiryOf } from '../ttl.ts';
import type { TrimResult } from '../types.ts';

export interface HotDiskOptions {
  /** Bytes of hot copies kept. */
  maxBytes: number;
  now?: () => number;
  /** Where background touches are kept alive (the current event's waitUntil). */
  background?: (work: Promise<unknown>) => void;
}

interface HotEntry {
  value: EncodedValue;
  info: DiskRecordInfo;
  touchedAt: number;
}

const TOUCH_EVERY_MS = 60_000;
const ENTRY_OVERHEAD = 512;

export class HotDisk extends EventTarget implements DiskTierLike {
  readonly name: string;
  readonly disk: DiskTierLike;
  readonly #hot: ByteLru<HotEntry>;
  readonly #now: () => number;
  #background: (work: Promise<unknown>) => void;
  /** Bumped by every forget: a disk read that began before it must not repopulate. */
  #epoch = 0;
  /** Hits answered from a hot copy without asking the disk (which then could not count them). */
  #hotHits = 0;

  constructor(disk: DiskTierLike, options: HotDiskOptions) {
    super();
    this.disk = disk;
    this.name = disk.name;
    this.#now = options.now ?? Date.now;
    this.#background = options.background ?? ((w) => void w.catch(() => undefined));
    this.#hot = new ByteLru<HotEntry>(options.maxBytes, Math.max(1, options.maxBytes / 8));
    // The wrapped tier's events are this tier's events.
    for (const type of ['evict', 'error']) {
      disk.addEventListener(type, (e) => {
        if (type === 'evict') this.forget((e as CustomEvent<{ key: string }>).detail.key);
        this.dispatchEvent(new CustomEvent(type, { detail: (e as CustomEvent).detail }));
      });
    }
  }

  /** Routes background touches to the current event's waitUntil. */
  set background(fn: (work: Promise<unknown>) => void) {
    this.#background = fn;
  }

  /** Hot copies held now. */
  get size(): number {
    return this.#hot.size;
  }

  forget(key: string): void {
    this.#epoch++;
    this.#hot.delete(key);
  }

  forgetAll(): void {
    this.#epoch++;
    this.#hot.clear();
  }

  async get(key: string, options: GetOptions = {}): Promise<DiskHit | undefined> {
    const hot = this.#hot.peek(key);
    const now = this.#now();
    if (hot) {
      const stale = hot.info.expiresAt <= now;
      if (!stale || options.allowStale) {
        this.#hot.get(key); // recency
        if (now - hot.touchedAt >= TOUCH_EVERY_MS) {
          hot.touchedAt = now;
          this.#background(this.disk.get(key, { allowStale: true })); // the disk counts this hit
        } else {
          this.#hotHits++;
        }
        return { value: hot.value, info: { ...hot.info, lastAccess: now }, stale };
      }
    }
    const epoch = this.#epoch;
    const hit = await this.disk.get(key, options);
    if (hit && epoch === this.#epoch) this.#remember(key, hit.value, hit.info);
    return hit;
  }

  async set(key: string, value: EncodedValue, options: SetOptions = {}): Promise<boolean> {
    this.forget(key);
    const epoch = this.#epoch;
    const stored = await this.disk.set(key, value, options);
    if (stored && epoch === this.#epoch) {
      const now = this.#now();
      const info: DiskRecordInfo = {
        key,
        kind: value.kind,
        codec: 'raw',
        rawBytes: value.bytes.byteLength,
        storedBytes: value.bytes.byteLength,
        createdAt: now,
        expiresAt: expiryOf(now, options.ttlMs),
        lastAccess: now,
      };
      if (value.meta) info.meta = value.meta;
      this.#remember(key, value, info);
    }
    return stored;
  }

  #remember(key: string, value: EncodedValue, info: DiskRecordInfo): void {
    if (value.kind !== 'response') return; // only responses are hot here
    this.#hot.set(key, { value, info, touchedAt: this.#now() }, value.bytes.byteLength + ENTRY_OVERHEAD);
  }

  has(key: string): Promise<boolean> {
    return this.disk.has(key);
  }
  async delete(key: string): Promise<boolean> {
    this.forget(key);
    return this.disk.delete(key);
  }
  async clear(options?: ClearOptions): Promise<void> {
    this.forgetAll();
    await this.disk.clear(options);
    this.forgetAll();
  }
  list(options?: ListOptions): Promise<DiskRecordInfo[]> {
    return this.disk.list(options);
  }
  batch<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.disk.batch(fn);
  }
  trim(): Promise<TrimResult> {
    return this.disk.trim();
  }
  /** The disk's stats, its hits counting those answered from hot copies. */
  async stats(): Promise<DiskTierStats> {
    const stats = await this.disk.stats();
    return { ...stats, hits: stats.hits + this.#hotHits };
  }
  close(): void {
    this.forgetAll();
    this.disk.close();
  }
}
