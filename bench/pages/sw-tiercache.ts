// tiercache's side of the capacity and main-thread benchmarks: serveCache answering /api/ cache-first
// with the generous budget an app would set without knowing the quota (256 MiB, as the demo does).
// Disk faults never reach the page; the worker counts them so the bench can report them too.
import { serveCache, type ServeCacheHandle } from '../../src/sw/index.ts';
import type { ErrorDetail } from '../../src/types.ts';

declare const self: ServiceWorkerGlobalScope;

let handle: ServeCacheHandle | undefined;
const workerErrors: Record<string, number> = {};
/** At each quota fault (a batch whose retry failed too): stored bytes and effective budget (MiB), so a round shows where its budget went. */
const quotaTrace: string[] = [];

// Registered before serveCache's own listener, so the bench's stats request never reaches the RPC server.
self.addEventListener('message', (event) => {
  const data = event.data as { bench?: string } | null;
  if (data?.bench !== 'stats' || !handle) return;
  event.stopImmediatePropagation();
  const port = event.ports[0];
  event.waitUntil(
    handle
      .disk()
      .stats()
      .then((stats) => {
        port?.postMessage({
          impl: 'tiercache',
          workerErrors,
          entries: stats.entries,
          rawBytes: stats.rawBytes,
          storedBytes: stats.storedBytes,
          effectiveBudget: stats.effectiveBudget,
          evictions: stats.evictions,
          quotaTrace,
        });
      }),
  );
});

// `?maxBytes=` on the script URL sets the budget (the capacity bench's "budget under the quota" variant).
const budget = Number(new URL(self.location.href).searchParams.get('maxBytes')) || 256 << 20;

handle = serveCache({
  name: 'bench',
  disk: { maxBytes: budget },
  skipWaiting: true,
  routes: [{ match: '/api/', strategy: 'cache-first' }],
});

handle.disk().addEventListener('error', (event) => {
  const code = (event as CustomEvent<ErrorDetail>).detail.error.code;
  workerErrors[code] = (workerErrors[code] ?? 0) + 1;
  if (code === 'quota' && handle && quotaTrace.length < 20) {
    void handle
      .disk()
      .stats()
      .then((s) => quotaTrace.push(`${(s.storedBytes / 2 ** 20).toFixed(1)}/${(s.effectiveBudget / 2 ** 20).toFixed(1)}`));
  }
});
