// bench:sw — tiercache's worker: /api/ answered cache-first from the compressed IndexedDB tier;
// /api/http/ by the `http` strategy (the revalidation rows: 304 path versus full refetch).
import { serveCache } from '../src/sw/index.ts';

serveCache({
  name: 'bench-api',
  disk: { maxBytes: 64 << 20 },
  skipWaiting: true,
  routes: [
    { match: '/api/http/', strategy: 'http' },
    // An hour: the mock API's products carry no freshness headers, and without ttlMs they would be
    // stale at once (RFC 9111); the run takes minutes, so every measured answer is a HIT.
    { match: '/api/', strategy: 'cache-first', ttlMs: 3_600_000 },
  ],
});
