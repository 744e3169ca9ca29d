import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('after Shift+reload the page is uncontrolled, opens the disk tier itself and finds what the worker stored', async ({ page, context }) => {
  await openControlled(page);
  expect(await page.evaluate(() => window.cache.mode)).toBe('worker');
  await page.evaluate(() => window.cache.set('shift:1', { stored: 'through the worker' }));

  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.reload', { ignoreCache: true });
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading' || window.cache !== undefined);
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();

  expect(await page.evaluate(() => window.cache.get('shift:1'))).toEqual({ stored: 'through the worker' });
  expect(await page.evaluate(() => window.cache.mode)).toBe('page');
  await page.evaluate(() => window.cache.set('shift:2', [1, 2, 3]));
  await page.evaluate(() => window.cache.delete('shift:1'));

  // A normal reload is controlled again; the worker sees what the page wrote.
  await page.reload();
  expect(await page.evaluate(() => window.swReady)).toBe(true);
  expect(await page.evaluate(() => window.cache.get('shift:2'))).toEqual([1, 2, 3]);
  expect(await page.evaluate(() => window.cache.get('shift:1'))).toBeUndefined();
  expect(await page.evaluate(() => window.cache.mode)).toBe('worker');
});
