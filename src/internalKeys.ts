// Keys of the records tiercache stores for itself. Its own file so the page's entry chunk takes
// these two lines without the HTTP cacheability rules that only cache.fetch and the worker use.

/**
 * Keys of the records tiercache stores for itself begin with this. The page API treats them as
 * absent (get, has, keys) and refuses to write them, so one part of tiercache never shows its
 * bookkeeping through another cache of the same name.
 */
export const INTERNAL_KEY_PREFIX = 'tiercache:';

export function isInternalKey(key: string): boolean {
  return key.startsWith(INTERNAL_KEY_PREFIX);
}
