import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('a set in one tab is seen by the other tab within a second, with no echo to the sender', async ({ page, context }) => {
  await openControlled(page);
  const other = await context.newPage();
  await openControlled(other);
  await page.evaluate(() => window.cache.set('user:1', { name: 'Ada', v: 1 }));
  // The other tab reads it (from disk through the worker) and now holds a memory copy.
  expect(await other.evaluate(() => window.cache.get('user:1'))).toEqual({ name: 'Ada', v: 1 });
  expect(await other.evaluate(() => window.cache.peek('user:1'))).toEqual({ name: 'Ada', v: 1 });

  await page.evaluate(() => window.cache.set('user:1', { name: 'Ada', v: 2 }));
  await expect.poll(() => other.evaluate(() => window.cache.get('user:1')), { timeout: 1000 }).toEqual({ name: 'Ada', v: 2 });
  expect(await other.evaluate(() => window.changes)).toContainEqual({ type: 'set', key: 'user:1', origin: 'remote' });
  // The sender saw only its own local changes.
  const senderChanges = (await page.evaluate(() => window.changes)) as { origin: string }[];
  expect(senderChanges.every((c) => c.origin === 'local')).toBe(true);
});

test('delete and clear in one tab drop the memory copies of every other tab', async ({ page, context }) => {
  await openControlled(page);
  const other = await context.newPage();
  await openControlled(other);
  await page.evaluate(() => Promise.all([window.cache.set('a', 1), window.cache.set('b', 2)]));
  expect(await other.evaluate(() => Promise.all([window.cache.get('a'), window.cache.get('b')]))).toEqual([1, 2]);

  await page.evaluate(() => window.cache.delete('a'));
  await expect.poll(() => other.evaluate(() => window.cache.peek('a') ?? null), { timeout: 1000 }).toBe(null);
  expect(await other.evaluate(() => window.cache.get('a'))).toBeUndefined();

  await page.evaluate(() => window.cache.clear());
  await expect.poll(() => other.evaluate(() => window.cache.peek('b') ?? null), { timeout: 1000 }).toBe(null);
  expect(await other.evaluate(() => window.cache.get('b'))).toBeUndefined();
  const stats = await other.evaluate(() => window.cache.stats());
  expect(stats.disk.entries).toBe(0);
});
