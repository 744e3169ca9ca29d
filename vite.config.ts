import { defineConfig, type Plugin } from 'vite';
import { mockApi } from './demo/api.ts';

// Dev only: the worker's source is served at /sw/sw.ts; let it control the whole origin.
const workerScope: Plugin = {
  name: 'tiercache-sw-scope',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url?.startsWith('/sw/sw.ts')) res.setHeader('Service-Worker-Allowed', '/');
      next();
    });
  },
};

// The demo app: the inspector page and the service worker, built for `vite preview`.
// The worker is emitted at /sw.js (an ES module worker) so its scope is the whole origin.
export default defineConfig({
  plugins: [mockApi(), workerScope],
  build: {
    outDir: 'dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { main: 'index.html', sw: 'sw/sw.ts', e2e: 'e2e-pages/cache.html', crash: 'e2e-pages/crash.html' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
