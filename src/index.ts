// tiercache: the page-side cache. `createCache` lands with the client (src/client).
export { CacheError } from './errors.ts';
export type { CacheErrorCode } from './errors.ts';
export type * from './types.ts';
