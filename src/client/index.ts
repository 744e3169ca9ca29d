// The page client: createCache → TierCache.
export { createCache } from './createCache.ts';
export type { CreateCacheOptions } from './createCache.ts';
export { TierCache } from './TierCache.ts';
export type { CacheSetOptions } from './config.ts';
export type { GetOrSetOptions, Loader } from './loads.ts';
export { asyncStorage } from './asyncStorage.ts';
export type { AsyncStorage, AsyncStorageOptions } from './asyncStorage.ts';
export type { CacheFetchInit } from './cacheFetch.ts';
