// Code a page needs only for some calls (cache.fetch, getOrSet, keys, inspect, its own disk
// tier) is loaded with import() at the first such call, so a page that never makes one never
// downloads it. Offline, the worker's precache (tiercache/vite lists every chunk of the build)
// serves the chunk.

/** `load` run at the first call and its promise kept; a failed load is tried again at the next call. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/** A generator over one that is still loading: returned at once, so keys() and entries() stay synchronous calls. */
export async function* later<T>(source: Promise<AsyncGenerator<T, void, undefined>>): AsyncGenerator<T, void, undefined> {
  yield* await source;
}
