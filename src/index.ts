// tiercache: the page-side cache.
export { createCache, TierCache } from './client/index.ts';
export type { CreateCacheOptions, CacheSetOptions, CacheFetchInit } from './client/index.ts';
export { CacheError } from './errors.ts';
export type { CacheErrorCode } from './errors.ts';
export type * from './types.ts';
export { registerWorker } from './client/registerWorker.ts';
export type { RegisterWorkerOptions, RegisteredWorker, WorkerUpdateDetail } from './client/registerWorker.ts';
