// The demo app's service worker. serveCache() is wired in once src/sw lands.
// `self` is typed as Window because the project compiles with DOM and WebWorker libs together.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;
sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
