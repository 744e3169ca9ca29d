// bench:sw page side: `?sw=tiercache|workbox|none` picks the worker; globalThis.swBench holds
// the measured loops, driven by bench/sw.bench.mjs.
import { createCache } from '../src/index.ts';

const which = new URLSearchParams(location.search).get('sw') ?? 'none';

async function control(): Promise<boolean> {
  if (which === 'none') return false;
  await navigator.serviceWorker.register(`/bench-sw-${which}.js`, { type: 'module' });
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  }
  return true;
}

function quantiles(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}

const urls = (n: number) => Array.from({ length: n }, (_, i) => `/api/products/${i + 1}`);
/**
 * The `http` strategy's rows, 4 KB JSON each from the mock API: 'revalidated' responses say
 * `no-cache` with an ETag (every use is a conditional request answered 304, the body from the
 * cache); 'refetched' ones say `max-age=0` with no validator (every use fetches the body whole).
 */
const HTTP_QUERY = { revalidated: 'cc=no-cache&etag=b&bytes=4000', refetched: 'cc=max-age%3D0&bytes=4000' } as const;
type HttpKind = keyof typeof HTTP_QUERY;
const httpUrls = (kind: HttpKind, n: number) => Array.from({ length: n }, (_, i) => `/api/http/bench-${kind}-${i + 1}?${HTTP_QUERY[kind]}`);

async function timedLoop(list: string[], requests: number) {
  const times: number[] = [];
  const xCache = new Set<string | null>();
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const r = await fetch(list[i % list.length]!);
    await r.arrayBuffer();
    times.push(performance.now() - t0);
    xCache.add(r.headers.get('x-cache'));
  }
  return { ...quantiles(times), xCache: [...xCache] };
}

(globalThis as unknown as { swBench: unknown }).swBench = {
  which,
  control,
  /** Fetches every URL once (fills the worker's cache) and returns the X-Cache values seen. */
  async warm(n: number) {
    const seen: (string | null)[] = [];
    for (const u of urls(n)) {
      const r = await fetch(u);
      await r.arrayBuffer();
      seen.push(r.headers.get('x-cache'));
    }
    return seen;
  },
  /** Latency of fetch + body read, round-robin over the warm URLs. */
  async fetchLoop(n: number, requests: number) {
    return timedLoop(urls(n), requests);
  },
  /** The `http` rows: stores each URL once (returns the X-Cache values seen), then `httpLoop` times them. */
  async httpWarm(kind: HttpKind, n: number) {
    const seen: (string | null)[] = [];
    for (const u of httpUrls(kind, n)) {
      const r = await fetch(u);
      await r.arrayBuffer();
      seen.push(r.headers.get('x-cache'));
    }
    return seen;
  },
  async httpLoop(kind: HttpKind, n: number, requests: number) {
    return timedLoop(httpUrls(kind, n), requests);
  },
  /** cache.get: memory hits, then disk hits through the worker (a second instance, empty memory). */
  async getLoop(n: number) {
    const name = `bench-kv-${Math.random().toString(36).slice(2)}`;
    const writer = createCache({ name, memory: { maxEntries: 10_000 } });
    const value = (i: number) => ({ id: i, title: `item ${i}`, body: 'lorem ipsum dolor sit amet '.repeat(150) });
    await writer.batch(() => {
      for (let i = 0; i < n; i++) void writer.set(`k${i}`, value(i));
    });
    const mode = writer.mode;
    // A memory hit is far below the 0.1 ms timer resolution: time passes over all keys and
    // divide, one sample per pass.
    const memory: number[] = [];
    for (let pass = 0; pass < 20; pass++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        if ((await writer.get(`k${i}`)) === undefined) throw new Error('memory miss');
      }
      memory.push((performance.now() - t0) / n);
    }
    const reader = createCache({ name, memory: { maxEntries: 10_000 } });
    const disk: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const v = await reader.get(`k${i}`);
      disk.push(performance.now() - t0);
      if (v === undefined) throw new Error('disk miss');
    }
    await writer.clear();
    writer.close();
    reader.close();
    return { mode, memory: quantiles(memory), disk: quantiles(disk) };
  },
};
document.title = 'ready';
