import { expect, test } from '@playwright/test';
import { openControlled, pageFetch, type Fetched } from './sw-helpers.ts';

test('a JSON response fetched online comes back offline from the worker, also after a reload', async ({ page, context }) => {
  await openControlled(page);
  // A second visit: the worker now sees the page load and keeps the app shell for offline reloads.
  await page.reload();
  expect(await page.evaluate(() => window.swReady)).toBe(true);
  const online = (await pageFetch(page, '/api/products/7')) as Fetched;
  expect(online.status).toBe(200);
  expect(online.xCache).toBe('MISS');

  await context.setOffline(true);
  const offline = (await pageFetch(page, '/api/products/7')) as Fetched;
  expect(['HIT', 'STALE']).toContain(offline.xCache);
  expect(offline.body).toEqual(online.body);
  expect(Number(offline.age)).toBeGreaterThanOrEqual(0);

  await page.reload();
  expect(await page.evaluate(() => window.swReady)).toBe(true);
  const afterReload = (await pageFetch(page, '/api/products/7')) as Fetched;
  expect(['HIT', 'STALE']).toContain(afterReload.xCache);
  expect(afterReload.body).toEqual(online.body);

  // Never fetched: offline, nothing to answer with.
  const never = await pageFetch(page, '/api/products/8');
  expect(never).toHaveProperty('error');
  await context.setOffline(false);
});
