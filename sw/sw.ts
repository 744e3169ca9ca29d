// The demo app's service worker: tiercache serves the mock API from its disk tier, and the
// disk tier of every cache the pages create.
// Each strategy has a route, picked with `?strategy=` on any /api/ URL (so the demo and the
// e2e tests can exercise all five); everything else under /api/ is network-first.
import { serveCache } from '../src/sw/index.ts';
import type { Strategy } from '../src/types.ts';

const scope = globalThis as unknown as ServiceWorkerGlobalScope;

// Demo only: the inspector page's "simulate offline" switch. While it is on, the worker's
// network fails as a real offline one does, so the routes answer from the disk tier.
// Registered before serveCache() so its message never reaches the tiercache protocol.
let simulateOffline = false;
scope.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown; offline?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.type !== 'tiercache-demo:offline') return;
  simulateOffline = data.offline === true;
  event.stopImmediatePropagation();
});
const network = (request: Request): Promise<Response> =>
  simulateOffline ? Promise.reject(new TypeError('Failed to fetch (simulated offline)')) : fetch(request);

// Demo only: the route database's budget can come from the registration URL
// (`/sw.js?diskMaxBytes=N`), so the demo page's "Apply bounds" reaches the worker.
const requestedBudget = Number(new URL(location.href).searchParams.get('diskMaxBytes'));

const withStrategy = (strategy: Strategy) => (url: URL) =>
  url.pathname.startsWith('/api/') && url.searchParams.get('strategy') === strategy;

serveCache({
  name: 'api',
  disk: { maxBytes: Number.isSafeInteger(requestedBudget) && requestedBudget > 0 ? requestedBudget : 256 << 20 },
  skipWaiting: true,
  fetch: network,
  routes: [
    // A route that narrows the stored headers to a list (scenario 17): nothing else is kept.
    {
      match: (url) => url.pathname === '/api/headers' && url.searchParams.has('narrow'),
      strategy: 'cache-first',
      ttlMs: 60_000,
      storeHeaders: ['content-type', 'etag', 'last-modified', 'cache-control', 'date', 'vary', 'content-language'],
    },
    { match: withStrategy('cache-first'), strategy: 'cache-first', ttlMs: 60_000 },
    // ttlMs 0: every answer is stale at once, so each request revalidates in the background.
    { match: withStrategy('stale-while-revalidate'), strategy: 'stale-while-revalidate', ttlMs: 0 },
    { match: withStrategy('cache-only'), strategy: 'cache-only' },
    { match: withStrategy('network-only'), strategy: 'network-only' },
    { match: withStrategy('network-first'), strategy: 'network-first', timeoutMs: 500, ttlMs: 60_000 },
    // The worker as one of many writers (scenario 19): it stores /api/counter/:name?writer under
    // the same keys pages set(). No timeout, so an answer means the response is stored.
    { match: (url) => url.pathname.startsWith('/api/counter/') && url.searchParams.has('writer'), strategy: 'network-first', ttlMs: 60_000 },
    // The http strategy (issue 17): the mock API's /api/http/<name> says in its query which caching
    // headers to send (demo/httpApi.ts); /api/http-strict/ is the same resource on a route that
    // fails offline instead of serving a stale copy. e2e/http-*.spec.ts drive every rule through them.
    { match: '/api/http/', strategy: 'http' },
    { match: '/api/http-strict/', strategy: 'http', offline: 'fail' },
    // Per-user responses: stored under a hash of the credential, never the credential itself.
    { match: '/api/private', strategy: 'network-first', timeoutMs: 3000, ttlMs: 60_000, allowAuthorized: true },
    { match: '/api/', strategy: 'network-first', timeoutMs: 3000, ttlMs: 60_000 },
    // The app shell (pages and their assets), so a reload works offline.
    { match: (url, request) => url.origin === location.origin && (request.mode === 'navigate' || url.pathname.startsWith('/assets/')), strategy: 'network-first', timeoutMs: 3000 },
  ],
});

// Demo only: the app's own messaging beside tiercache's (the good-neighbour e2e test). Registered
// after serveCache(), so it proves tiercache neither answers nor stops a message that is not its own.
scope.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (typeof data === 'object' && data !== null && data.type === 'GET_VERSION') event.ports[0]?.postMessage({ type: 'VERSION', version: 'demo-1' });
});
