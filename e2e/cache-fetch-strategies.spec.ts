// cache.fetch says what it did (issue 16): the page's per-call strategy, ttlMs and timeoutMs hold
// with a worker in control as without one; harmless Vary variants are kept in page memory by
// variant key; anything not cached is X-Cache: BYPASS with its reason in X-Cache-Bypass.
import { expect, test, type Page } from '@playwright/test';
import { TEST_PAGE, openControlled } from './sw-helpers.ts';

interface Answer {
  status?: number;
  xCache?: string | null;
  reason?: string | null;
  body?: unknown;
  error?: string;
}

/** cache.fetch through a fresh TierCache of the page's cache name (empty page memory), or window.cache. */
async function cacheFetch(page: Page, url: string, init: Record<string, unknown> = {}, fresh = true): Promise<Answer> {
  return page.evaluate(
    async ([u, i, f]) => {
      const cache = f ? window.createCache({ name: 'e2e', memory: { maxEntries: 50 }, workerTimeoutMs: 2000 }) : window.cache;
      try {
        const r = await cache.fetch(u, i as RequestInit);
        const text = await r.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        return { status: r.status, xCache: r.headers.get('x-cache'), reason: r.headers.get('x-cache-bypass'), body };
      } catch (err) {
        return { error: String(err) };
      } finally {
        if (f) cache.close();
      }
    },
    [url, init, fresh] as const,
  );
}

const modes = [
  { mode: 'worker', open: (page: Page) => openControlled(page) },
  {
    mode: 'page',
    open: async (page: Page) => {
      await page.goto(TEST_PAGE + '?nosw');
      expect(await page.evaluate(() => window.swReady)).toBe(false);
    },
  },
] as const;

for (const { mode, open } of modes) {
  test(`${mode} mode: the page's strategy, ttlMs and timeoutMs hold`, async ({ page }) => {
    await open(page);
    expect(await page.evaluate(() => window.cache.mode)).toBe(mode);
    // cache-only on a URL never fetched: nothing to answer with (the worker's network-first route no longer wins).
    expect(await cacheFetch(page, '/api/products/11', { strategy: 'cache-only' })).toHaveProperty('error');
    // cache-first stores it; another TierCache (empty memory) gets it from this cache's database.
    expect(await cacheFetch(page, '/api/products/12', { strategy: 'cache-first', ttlMs: 60_000 })).toMatchObject({ status: 200, xCache: 'MISS' });
    expect(await cacheFetch(page, '/api/products/12', { strategy: 'cache-first' })).toMatchObject({ status: 200, xCache: 'HIT', body: { id: 12 } });
    expect(await cacheFetch(page, '/api/products/12', { strategy: 'cache-only' })).toMatchObject({ status: 200, xCache: 'HIT' });
    // ttlMs 0: stored stale at once, so cache-first goes to the network again.
    expect(await cacheFetch(page, '/api/products/13', { strategy: 'cache-first', ttlMs: 0 })).toMatchObject({ xCache: 'MISS' });
    expect(await cacheFetch(page, '/api/products/13', { strategy: 'cache-first', ttlMs: 0 })).toMatchObject({ xCache: 'MISS' });
    // timeoutMs: a slow answer (1.5 s) loses to the stored copy when the page says 100 ms (the route says 3000).
    expect(await cacheFetch(page, '/api/slow?ms=1500', { strategy: 'network-first', ttlMs: 60_000 })).toMatchObject({ xCache: 'MISS' });
    expect(await cacheFetch(page, '/api/slow?ms=1500', { strategy: 'network-first', timeoutMs: 100 })).toMatchObject({ xCache: 'HIT', body: { slow: true } });
  });

  test(`${mode} mode: Vary variants are kept in page memory by variant key`, async ({ page }) => {
    await open(page);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/vary')) requests.push(r.headers()['accept-language'] ?? '');
    });
    const fr = { strategy: 'cache-first', ttlMs: 60_000, headers: { 'Accept-Language': 'fr' } };
    const de = { strategy: 'cache-first', ttlMs: 60_000, headers: { 'Accept-Language': 'de' } };
    expect(await cacheFetch(page, '/api/vary', fr, false)).toMatchObject({ xCache: 'MISS', body: { lang: 'fr' } });
    expect(await cacheFetch(page, '/api/vary', fr, false)).toMatchObject({ xCache: 'HIT', body: { lang: 'fr' } });
    expect(await cacheFetch(page, '/api/vary', de, false)).toMatchObject({ body: { lang: 'de' } });
    expect(await cacheFetch(page, '/api/vary', de, false)).toMatchObject({ xCache: 'HIT', body: { lang: 'de' } });
    expect(await cacheFetch(page, '/api/vary', fr, false)).toMatchObject({ xCache: 'HIT', body: { lang: 'fr' } });
    expect(requests).toEqual(['fr', 'de']); // the repeats never left page memory
  });

  test(`${mode} mode: what is not cached is BYPASS, with the reason`, async ({ page, baseURL }) => {
    await open(page);
    const crossOrigin = baseURL!.replace('localhost', '127.0.0.1') + '/api/products/1';
    const cases: [string, string, Record<string, unknown>][] = [
      ['no-store', '/api/no-store', {}],
      ['vary-star', '/api/vary-star', {}],
      ['status', '/api/status/404', {}],
      ['method', '/api/products/1', { method: 'POST', body: '{}' }],
      ['authorization', '/api/products/1', { headers: { Authorization: 'Bearer t' } }],
    ];
    for (const [reason, url, init] of cases) {
      const answer = await cacheFetch(page, url, { strategy: 'cache-first', ...init });
      expect(answer, reason).toMatchObject({ xCache: 'BYPASS', reason });
    }
    // Cross-origin: answered when the server allows CORS, else a TypeError that says why nothing was cached.
    const cross = await cacheFetch(page, crossOrigin, { strategy: 'cache-first' });
    if (cross.error === undefined) expect(cross).toMatchObject({ xCache: 'BYPASS', reason: 'cross-origin' });
    else expect(cross.error).toContain('not cached: cross-origin');
    // Nothing of these was stored: cache-only finds none of them.
    for (const url of ['/api/no-store', '/api/vary-star', '/api/status/404']) {
      expect(await cacheFetch(page, url, { strategy: 'cache-only' }), url).toHaveProperty('error');
    }
  });
}
