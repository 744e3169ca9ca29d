// bench:sw — the floor: a worker that answers /api/ from a plain in-memory Map, no tiercache, no
// IndexedDB, no headers logic. What any worker-served response costs at least; tiercache's cached
// response p50 is read against it.
const scope = globalThis as unknown as ServiceWorkerGlobalScope;
const stored = new Map<string, { body: ArrayBuffer; headers: [string, string][]; status: number }>();

scope.addEventListener('install', () => void scope.skipWaiting());
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !url.pathname.startsWith('/api/')) return;
  event.respondWith(
    (async () => {
      const hit = stored.get(event.request.url);
      if (hit) {
        const headers = new Headers(hit.headers);
        headers.set('X-Cache', 'HIT');
        return new Response(hit.body, { status: hit.status, headers });
      }
      const response = await fetch(event.request);
      const body = await response.arrayBuffer();
      const headers = [...response.headers];
      stored.set(event.request.url, { body, headers, status: response.status });
      return new Response(body, { status: response.status, headers: [...headers, ['X-Cache', 'MISS']] });
    })(),
  );
});
