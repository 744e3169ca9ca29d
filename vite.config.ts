import { defineConfig } from 'vite';
import { mockApi } from './demo/api.ts';

// The demo app: the inspector page and the service worker, built for `vite preview`.
// The worker is emitted at /sw.js (an ES module worker) so its scope is the whole origin.
export default defineConfig({
  plugins: [mockApi()],
  build: {
    outDir: 'dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { main: 'index.html', sw: 'sw/sw.ts', e2e: 'e2e-pages/cache.html' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
