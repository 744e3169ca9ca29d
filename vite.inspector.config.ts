import { defineConfig } from 'vite';

// tiercache/inspector: the inspector (demo/inspector) built into the package as one ES module,
// uPlot and the styles included (no peer to install, no CSS file to import).
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/lib/inspector',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    lib: { entry: 'demo/inspector/index.ts', formats: ['es'], fileName: () => 'index.js' },
  },
});
