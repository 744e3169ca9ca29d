// The page client: createCache → TierCache.
export { createCache } from './createCache.ts';
export type { CreateCacheOptions } from './createCache.ts';
export { TierCache } from './TierCache.ts';
export type { CacheSetOptions } from './TierCache.ts';
export type { CacheFetchInit } from './cacheFetch.ts';
