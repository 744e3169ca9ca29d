import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('a worker that does not answer is bypassed after workerTimeoutMs: the page falls back to its own disk tier and loses nothing', async ({ page }) => {
  await openControlled(page);
  await page.evaluate(() => window.cache.set('before', 'via worker'));
  expect(await page.evaluate(() => window.cache.mode)).toBe('worker');

  // From now on the page's messages never reach the worker (the test page waits 2000 ms).
  await page.evaluate(() => {
    ServiceWorker.prototype.postMessage = function () {};
  });
  await page.evaluate(() => window.cache.set('during', { lost: false }));
  expect(await page.evaluate(() => window.errors)).toContain('timeout');
  expect(await page.evaluate(() => window.cache.mode)).toBe('page');
  expect(await page.evaluate(() => window.modes)).toContain('page');

  // A new page (messages flow again) reads both writes through the worker.
  const reader = await page.context().newPage();
  await openControlled(reader);
  expect(await reader.evaluate(() => window.cache.get('during'))).toEqual({ lost: false });
  expect(await reader.evaluate(() => window.cache.get('before'))).toBe('via worker');
  expect(await reader.evaluate(() => window.cache.mode)).toBe('worker');
});
