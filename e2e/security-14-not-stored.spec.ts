// Scenario 14: responses the safe defaults never store: `Cache-Control: no-store`, `Vary: *`,
// statuses other than 200 (206, 204, 4xx, 5xx), and cross-origin answers, opaque or not (from a
// second loopback server on its own port). Proved through the worker's routes and through
// `cache.fetch` in a page without a worker: every repeat goes back to the network (X-Cache BYPASS,
// the server counts the hit) and no record for them exists in IndexedDB.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { dbName, expect, expectNoRejections, fetchOk, openPage, scan, test, uniqueName } from './support/harness.ts';

/** A second origin: 127.0.0.1 on a free port, counting hits per path. */
async function startOtherOrigin(): Promise<{ origin: string; hits: Map<string, number>; close: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    res.setHeader('Content-Type', 'application/json');
    if (path.endsWith('/cors')) res.setHeader('Access-Control-Allow-Origin', '*');
    res.end(JSON.stringify({ from: 'the other origin', path }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const UNSTORABLE = [
  ['/api/no-store', 200],
  ['/api/vary-star', 200],
  ['/api/status/206', 206],
  ['/api/status/204', 204],
  ['/api/status/404', 404],
  ['/api/status/410', 410],
  ['/api/status/500', 500],
] as const;

/** An opaque answer reports 'opaque'; a CORS one, where its body says it came from. */
async function crossOrigin(page: Page, url: string, mode: RequestMode, viaCache: boolean): Promise<string> {
  return page.evaluate(
    async ({ url, mode, viaCache }) => {
      const r = viaCache ? await window.tc.caches.c!.fetch(url, { mode, strategy: 'cache-first' }) : await fetch(url, { mode });
      if (r.type === 'opaque') return 'opaque';
      return String(((await r.json()) as { from?: unknown }).from);
    },
    { url, mode, viaCache },
  );
}

test('through the worker, cache-first and stale-while-revalidate never store no-store, Vary: *, non-200 or cross-origin answers', async ({ context }) => {
  const other = await startOtherOrigin();
  try {
    const page = await openPage(context, { sw: true });
    for (const strategy of ['cache-first', 'stale-while-revalidate']) {
      for (const [path, status] of UNSTORABLE) {
        for (let attempt = 1; attempt <= 2; attempt++) {
          const r = await fetchOk(page, `${path}?strategy=${strategy}`);
          expect([r.status, r.xCache], `${path} ${strategy}, attempt ${attempt}`).toEqual([status, 'BYPASS']);
        }
      }
    }
    // Cross-origin: the route's predicate matches any /api/ path, whatever the origin.
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await crossOrigin(page, `${other.origin}/api/opaque?strategy=cache-first`, 'no-cors', false)).toBe('opaque');
      expect(await crossOrigin(page, `${other.origin}/api/cors?strategy=cache-first`, 'cors', false)).toBe('the other origin');
    }
    expect(other.hits.get('/api/opaque'), 'every opaque request reached the other origin').toBe(2);
    expect(other.hits.get('/api/cors'), 'every CORS request reached the other origin').toBe(2);

    const records = await scan(page, 'api');
    const leaked = records.records.map((r) => r.key).filter((k) => /no-store|vary-star|\/status\/|127\.0\.0\.1/.test(k));
    expect(leaked, 'records that must not exist').toEqual([]);
    // The control: a plain 200 through the same route is stored.
    expect((await fetchOk(page, '/api/products/41?strategy=cache-first')).xCache).toBe('MISS');
    expect((await fetchOk(page, '/api/products/41?strategy=cache-first')).xCache).toBe('HIT');
    await expectNoRejections(page);
  } finally {
    await other.close();
  }
});

test('without a worker, cache.fetch never stores no-store, Vary: *, non-200 or cross-origin answers in memory or on disk', async ({ context }) => {
  const other = await startOtherOrigin();
  try {
    const name = uniqueName('fetch');
    const page = await openPage(context, { sw: false });
    const seen = await page.evaluate(
      async ({ name, paths }) => {
        const cache = window.tc.make('c', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 4 << 20 } });
        const out: { path: string; status: number; xCache: string | null }[] = [];
        for (const strategy of ['cache-first', 'stale-while-revalidate'] as const) {
          for (const path of paths) {
            for (let attempt = 0; attempt < 2; attempt++) {
              const r = await cache.fetch(path, { strategy });
              out.push({ path: `${path} ${strategy} #${attempt + 1}`, status: r.status, xCache: r.headers.get('x-cache') });
            }
          }
        }
        return out;
      },
      { name, paths: UNSTORABLE.map(([p]) => p) },
    );
    for (const s of seen) expect(s.xCache, s.path).toBe('BYPASS');
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await crossOrigin(page, `${other.origin}/api/opaque`, 'no-cors', true)).toBe('opaque');
      expect(await crossOrigin(page, `${other.origin}/api/cors`, 'cors', true)).toBe('the other origin');
    }
    expect(other.hits.get('/api/opaque')).toBe(2);
    expect(other.hits.get('/api/cors')).toBe(2);

    const records = await scan(page, name);
    expect(records.records.map((r) => r.key), `records in ${dbName(name)}`).toEqual([]);
    const memory = await page.evaluate(async () => (await window.tc.caches.c!.stats()).memory.entries);
    expect(memory, 'responses held in page memory').toBe(0);
    // The control: a plain 200 is stored.
    const control = await page.evaluate(async () => {
      const cache = window.tc.caches.c!;
      const first = (await cache.fetch('/api/products/42', { strategy: 'cache-first', ttlMs: 60_000 })).headers.get('x-cache');
      const second = (await cache.fetch('/api/products/42', { strategy: 'cache-first', ttlMs: 60_000 })).headers.get('x-cache');
      return [first, second];
    });
    expect(control).toEqual(['MISS', 'HIT']);
    await expectNoRejections(page);
  } finally {
    await other.close();
  }
});
