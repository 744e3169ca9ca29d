// tiercache/sw: serveCache for the app's service worker.
export { serveCache } from './serveCache.ts';
export type { ServeCacheOptions, ServeCacheHandle } from './serveCache.ts';
export type { Route, RouteMatch, StrategyOptions } from './routes.ts';
export type { CacheabilityOptions } from './cacheability.ts';
export { STORED_HEADERS } from './cacheability.ts';
