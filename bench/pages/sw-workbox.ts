// workbox's side of the capacity benchmark, configured as its docs advise for a quota-bound cache:
// CacheFirst with ExpirationPlugin (maxEntries set generously, purgeOnQuotaError: true).
import { clientsClaim, registerQuotaErrorCallback } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

const CACHE = 'bench-api';
let quotaErrors = 0;
// Runs beside ExpirationPlugin's own callback (which deletes the whole cache).
registerQuotaErrorCallback(() => {
  quotaErrors++;
});

void self.skipWaiting();
clientsClaim();
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/api/'),
  new CacheFirst({ cacheName: CACHE, plugins: [new ExpirationPlugin({ maxEntries: 100_000, purgeOnQuotaError: true })] }),
);

self.addEventListener('message', (event) => {
  const data = event.data as { bench?: string } | null;
  if (data?.bench !== 'stats') return;
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.keys())
      .then((keys) => {
        event.ports[0]?.postMessage({ impl: 'workbox', workerErrors: quotaErrors ? { quota: quotaErrors } : {}, entries: keys.length });
      }),
  );
});
