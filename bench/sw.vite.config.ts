import { defineConfig } from 'vite';
import { mockApi } from '../demo/api.ts';

// bench:sw's own build: one page and three service workers (tiercache's serveCache, workbox's
// CacheFirst, the floor: a plain in-memory Map), each emitted at the root so its scope is the
// whole origin. Served by
// `vite preview` with the mock API (bench/sw.bench.mjs).
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  plugins: [mockApi()],
  logLevel: 'warn',
  build: {
    outDir: 'dist/bench-sw',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        page: 'bench/sw.page.html',
        'bench-sw-tiercache': 'bench/sw.worker-tiercache.ts',
        'bench-sw-workbox': 'bench/sw.worker-workbox.ts',
        'bench-sw-floor': 'bench/sw.worker-floor.ts',
      },
      output: {
        entryFileNames: (chunk) => (chunk.name.startsWith('bench-sw-') ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
