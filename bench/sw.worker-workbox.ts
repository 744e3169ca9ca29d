// bench:sw — the peer: workbox-strategies CacheFirst on Cache Storage for the same /api/ URLs.
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

const scope = globalThis as unknown as ServiceWorkerGlobalScope;
scope.addEventListener('install', () => void scope.skipWaiting());
clientsClaim();
registerRoute(({ url }) => url.pathname.startsWith('/api/'), new CacheFirst({ cacheName: 'bench-api' }));
