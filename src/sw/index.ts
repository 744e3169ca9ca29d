// tiercache/sw: serveCache for the app's service worker. Lands with src/sw.
export {};
