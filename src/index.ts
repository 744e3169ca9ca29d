// tiercache: the page-side cache.
export { asyncStorage, createCache, TierCache } from './client/index.ts';
export type { AsyncStorage, AsyncStorageOptions, CreateCacheOptions, CacheSetOptions, CacheFetchInit, GetOrSetOptions, Loader } from './client/index.ts';
export { CacheError } from './errors.ts';
export type { CacheErrorCode } from './errors.ts';
export type * from './types.ts';
export { registerWorker } from './client/registerWorker.ts';
export type { RegisterWorkerOptions, RegisteredWorker, WorkerUpdateDetail } from './client/registerWorker.ts';
