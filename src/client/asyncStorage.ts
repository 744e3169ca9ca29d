// asyncStorage(cache): the `{ getItem, setItem, removeItem }` shape that TanStack Query's
// async-storage persister, zustand's `persist` (createJSONStorage) and redux-persist accept.
// Items are strings, as in AsyncStorage. They are stored with `ttlMs: Infinity` unless told
// otherwise: the persister's own `maxAge` decides when a persisted client is too old, and the
// cache's default ttlMs must not expire it first, silently.
import { checkTtlMs } from '../ttl.ts';
import type { TierCache } from './TierCache.ts';

export interface AsyncStorage {
  /** The string stored under `key`, or null (as AsyncStorage and localStorage answer). */
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
  /** [key, value] of every string item, most recently used first (TanStack's experimental_createQueryPersister wants it). */
  entries(): Promise<[string, string][]>;
}

export interface AsyncStorageOptions {
  /** Freshness of stored items in ms. Default Infinity (the persister's maxAge decides). */
  ttlMs?: number;
}

export function asyncStorage(cache: TierCache, options: AsyncStorageOptions = {}): AsyncStorage {
  if (typeof cache !== 'object' || cache === null || typeof cache.get !== 'function') throw new TypeError('asyncStorage(cache): cache must come from createCache');
  if (typeof options !== 'object' || options === null) throw new TypeError('asyncStorage options must be an object like { ttlMs }');
  const ttlMs = options.ttlMs ?? Infinity;
  checkTtlMs(ttlMs);
  return {
    async getItem(key) {
      const value = await cache.get(key);
      return typeof value === 'string' ? value : null;
    },
    async setItem(key, value) {
      if (typeof value !== 'string') throw new TypeError(`setItem(${key}, value): value must be a string, got ${typeof value} (serialize it first)`);
      await cache.set(key, value, { ttlMs });
    },
    async removeItem(key) {
      await cache.delete(key);
    },
    async entries() {
      const items: [string, string][] = [];
      for await (const [key, value] of cache.entries()) if (typeof value === 'string') items.push([key, value]);
      return items;
    },
  };
}
