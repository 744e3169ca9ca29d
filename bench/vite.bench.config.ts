import { defineConfig } from 'vite';
import { mockApi } from '../demo/api.ts';

// The benchmarks' own build (not the demo's): one bench page and two service workers, tiercache's
// serveCache and workbox's CacheFirst + ExpirationPlugin, each emitted at the root so its scope
// is the whole origin. Served by `vite preview` with the mock API on port 5190 (bench/harness.mjs).
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  plugins: [mockApi()],
  logLevel: 'warn',
  build: {
    outDir: 'dist/bench',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        bench: 'bench/pages/bench.html',
        'sw-tiercache': 'bench/pages/sw-tiercache.ts',
        'sw-workbox': 'bench/pages/sw-workbox.ts',
      },
      output: {
        entryFileNames: (chunk) => (chunk.name.startsWith('sw-') ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  preview: { port: 5190, strictPort: true },
});
