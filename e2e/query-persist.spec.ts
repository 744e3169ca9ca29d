// TanStack Query's async-storage persister over asyncStorage(cache), for real: a query fetched
// online is persisted, the page reloads offline, and the data comes back from the cache without
// a network request (no queryFn call, no /api/ request from the page).
import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('a persisted TanStack query is restored after an offline reload without a network request', async ({ page, context }) => {
  await openControlled(page);
  await page.reload(); // a second visit: the worker keeps the app shell and its chunks for offline reloads
  expect(await page.evaluate(() => window.swReady)).toBe(true);
  const online = await page.evaluate(async () => (await window.loadQuery()).fetchAndPersist());
  expect(online).toMatchObject({ id: 3 });

  await context.setOffline(true);
  // Past the cache's default ttlMs (1 s): asyncStorage stores with ttlMs Infinity, the persister's maxAge decides.
  await page.waitForTimeout(1200);
  await page.reload();
  expect(await page.evaluate(() => window.swReady)).toBe(true);
  const apiRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
  });
  const restored = await page.evaluate(async () => (await window.loadQuery()).restore());
  expect(restored).toEqual({ data: online, networkCalls: 0, mode: 'worker', stored: true });
  expect(apiRequests).toEqual([]);
  await context.setOffline(false);
});
