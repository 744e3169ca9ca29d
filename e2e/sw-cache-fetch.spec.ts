import { expect, test } from '@playwright/test';
import { TEST_PAGE, openControlled } from './sw-helpers.ts';

type Got = { xCache: string | null; body: unknown } | { error: string };

// ttlMs: the mock API sends no freshness information, and such a response is stored stale.
async function cacheFetch(page: import('@playwright/test').Page, url: string, strategy: string): Promise<Got> {
  return page.evaluate(
    async ([u, s]) => {
      try {
        const r = await window.cache.fetch(u, { strategy: s as 'cache-first', ttlMs: 60_000 });
        return { xCache: r.headers.get('x-cache'), body: await r.json() };
      } catch (err) {
        return { error: String(err) };
      }
    },
    [url, strategy] as const,
  );
}

test('cache.fetch answers hot responses from page memory while a worker controls the page', async ({ page, context }) => {
  await openControlled(page);
  const first = await cacheFetch(page, '/api/products/21?strategy=cache-first', 'cache-first');
  expect(first).toMatchObject({ xCache: 'MISS' });
  await context.setOffline(true);
  // Page memory answers; the worker is not asked.
  const messagesBefore = await page.evaluate(() => performance.getEntriesByType('resource').length);
  const second = await cacheFetch(page, '/api/products/21?strategy=cache-first', 'cache-first');
  expect(second).toMatchObject({ xCache: 'HIT' });
  expect((second as { body: unknown }).body).toEqual((first as { body: unknown }).body);
  expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(messagesBefore);
  await context.setOffline(false);
});

test('cache.fetch runs the strategy in the page on its own disk tier when no worker controls it', async ({ page, context }) => {
  await page.goto(`${TEST_PAGE}?nosw&name=fetch-page`);
  expect(await page.evaluate(() => window.swReady)).toBe(false);
  expect(await page.evaluate(() => window.cache.mode)).toBe('page');
  const first = await cacheFetch(page, '/api/products/22', 'network-first');
  expect(first).toMatchObject({ xCache: 'MISS' });
  // A fresh page, same database: memory is empty, the page's DiskTier answers offline.
  // With no worker, no precache serves the page's lazily loaded code offline: ready() says it
  // has arrived. The chunks are held back here so that going offline before them would fail.
  await page.route(/\/assets\/(cacheFetch|occasional|pageModules)-[^/]*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.reload();
  await page.evaluate(() => window.cache.ready());
  await context.setOffline(true);
  const offline = await cacheFetch(page, '/api/products/22', 'network-first');
  expect(offline).toMatchObject({ xCache: 'HIT', body: (first as { body: unknown }).body });
  const cacheOnlyMiss = await cacheFetch(page, '/api/products/23', 'cache-only');
  expect(cacheOnlyMiss).toHaveProperty('error');
  await context.setOffline(false);
});
