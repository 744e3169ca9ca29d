// bench:sw — tiercache's worker: /api/ answered cache-first from the compressed IndexedDB tier.
import { serveCache } from '../src/sw/index.ts';

serveCache({
  name: 'bench-api',
  disk: { maxBytes: 64 << 20 },
  skipWaiting: true,
  routes: [{ match: '/api/', strategy: 'cache-first' }],
});
