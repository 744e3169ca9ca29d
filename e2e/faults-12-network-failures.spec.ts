// Scenario 12: the network is offline, drops connections (the mock API's /api/abort destroys the
// socket) or answers 5xx. Expected: each strategy answers as specified from what it stored; a
// failed fetch is a rejection (offline is not turned into a made-up 503); error answers are
// passed through and never stored; the worker keeps serving afterwards.
import { expect, expectNoRejections, fetchIn, fetchOk, openPage, scan, test } from './support/harness.ts';

test('offline, each strategy answers from what it stored as specified, and fails like fetch when it has nothing', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  const url = (strategy: string, id = 31) => `/api/products/${id}?strategy=${strategy}`;
  const online: Record<string, unknown> = {};
  for (const strategy of ['cache-first', 'network-first', 'stale-while-revalidate']) {
    const r = await fetchOk(page, url(strategy));
    expect(r.status).toBe(200);
    expect(r.xCache, `${strategy} online`).toBe('MISS');
    online[strategy] = r.body;
  }

  await context.setOffline(true);
  try {
    const cacheFirst = await fetchOk(page, url('cache-first'));
    expect([cacheFirst.status, cacheFirst.xCache]).toEqual([200, 'HIT']);
    expect(cacheFirst.body).toEqual(online['cache-first']);

    const networkFirst = await fetchOk(page, url('network-first'));
    expect(networkFirst.status).toBe(200);
    expect(['HIT', 'STALE']).toContain(networkFirst.xCache);
    expect(networkFirst.body).toEqual(online['network-first']);

    // The route's ttlMs is 0: the stored copy is stale at once and served as such.
    const swr = await fetchOk(page, url('stale-while-revalidate'));
    expect([swr.status, swr.xCache]).toEqual([200, 'STALE']);
    expect(swr.body).toEqual(online['stale-while-revalidate']);

    for (const never of [url('network-only'), url('network-first', 32), url('cache-first', 33), url('cache-only', 34)]) {
      expect(await fetchIn(page, never), never).toHaveProperty('error');
    }
  } finally {
    await context.setOffline(false);
  }
  // cache-only never goes to the network, online either.
  expect(await fetchIn(page, url('cache-only', 35))).toHaveProperty('error');
  await expectNoRejections(page);
});

test('dropped connections and 5xx answers are passed through per strategy and never stored', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  for (const strategy of ['network-first', 'cache-first', 'stale-while-revalidate']) {
    expect(await fetchIn(page, `/api/abort?strategy=${strategy}`), `abort, ${strategy}`).toHaveProperty('error');
  }
  const errors: [string, number][] = [
    ['/api/status/503?strategy=cache-first', 503],
    ['/api/status/500?strategy=network-first', 500],
    ['/api/status/502?strategy=stale-while-revalidate', 502],
    ['/api/status/504', 504],
  ];
  for (const [url, status] of errors) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await fetchOk(page, url);
      expect([r.status, r.xCache], `${url}, attempt ${attempt + 1}`).toEqual([status, 'BYPASS']); // not stored: X-Cache-Bypass: status
    }
  }
  // Offline, none of them is served from a store.
  await context.setOffline(true);
  try {
    for (const [url] of errors) expect(await fetchIn(page, url), `${url} offline`).toHaveProperty('error');
  } finally {
    await context.setOffline(false);
  }

  const records = await scan(page, 'api');
  const storedErrors = records.records.filter((r) => r.kind === 'response' && r.status !== 200).map((r) => `${r.key} ${String(r.status)}`);
  expect(storedErrors, 'error responses on disk').toEqual([]);
  expect(records.records.filter((r) => /\/api\/(abort|status)/.test(r.key)).map((r) => r.key)).toEqual([]);

  // The worker is still serving and storing.
  expect((await fetchOk(page, '/api/products/36?strategy=cache-first')).xCache).toBe('MISS');
  expect((await fetchOk(page, '/api/products/36?strategy=cache-first')).xCache).toBe('HIT');
  expect((await scan(page, 'api')).records.some((r) => r.key.includes('/api/products/36'))).toBe(true);
  await expectNoRejections(page);
});
