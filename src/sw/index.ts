// tiercache/sw: serveCache for the app's service worker.
export { serveCache } from './serveCache.ts';
export type { ServeCacheOptions, ServeCacheHandle } from './serveCache.ts';
export type { PrecacheEntry } from './precache.ts';
export type { Route, RouteMatch, StrategyOptions } from '../http/routes.ts';
export type { CacheabilityOptions } from '../http/cacheability.ts';
export { UNSTORED_HEADERS } from '../http/cacheability.ts';
