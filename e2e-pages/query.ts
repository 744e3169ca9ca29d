// TanStack Query persisted through asyncStorage(cache) (issue 16's e2e test): the real
// @tanstack/query-core and @tanstack/query-async-storage-persister, loaded on demand by cache.ts so
// the other e2e specs do not carry them.
import { QueryClient, dehydrate, hydrate } from '@tanstack/query-core';
import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import { asyncStorage, createCache } from '../src/index.ts';

// The cache's default ttlMs (1 s) would expire a persisted client long before the persister's
// maxAge if asyncStorage kept it: it stores with ttlMs Infinity.
const cache = createCache({ name: 'e2e-query', memory: { maxEntries: 50 }, ttlMs: 1000, workerTimeoutMs: 2000 });
const KEY = 'e2e-queries';
const persister = createAsyncStoragePersister({ storage: asyncStorage(cache), key: KEY, throttleTime: 0 });
const MAX_AGE = 24 * 3600_000;

/** queryFn calls made in this page load. */
export let networkCalls = 0;

function client(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { gcTime: MAX_AGE, staleTime: Infinity, retry: false } } });
}

const fetchProduct = async (): Promise<unknown> => {
  networkCalls++;
  const response = await fetch('/api/products/3');
  return response.json();
};

/** Fetches a query from the network and persists the client; resolves once the cache holds it on disk. */
export async function fetchAndPersist(): Promise<unknown> {
  const queryClient = client();
  const data = await queryClient.fetchQuery({ queryKey: ['product', 3], queryFn: fetchProduct });
  await persister.persistClient({ timestamp: Date.now(), buster: '', clientState: dehydrate(queryClient) });
  for (let i = 0; i < 100 && (await cache.get(KEY)) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  return data;
}

/** Restores the persisted client, as persistQueryClientRestore does, and reads the query without fetching. */
export async function restore(): Promise<{ data: unknown; networkCalls: number; mode: string; stored: boolean }> {
  const queryClient = client();
  const persisted = await persister.restoreClient();
  if (persisted && Date.now() - persisted.timestamp < MAX_AGE) hydrate(queryClient, persisted.clientState);
  // ensureQueryData fetches only when the query is missing: restored data answers it.
  const data = persisted ? await queryClient.ensureQueryData({ queryKey: ['product', 3], queryFn: fetchProduct }) : undefined;
  return { data, networkCalls, mode: cache.mode, stored: persisted !== undefined };
}
