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

  // Both tabs read the same clock: the notice's arrival time is taken in the receiving page,
  // so Playwright's own round trips do not count against the one second.
  await other.evaluate(() => void (window.changes.length = 0)); // forget the notice of v1
  const sentAt = await page.evaluate(() => {
    const at = Date.now();
    void window.cache.set('user:1', { name: 'Ada', v: 2 });
    return at;
  });
  const heardAt = await other.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const find = () => (window.changes as { type: string; key?: string; origin: string; at: number }[]).find((c) => c.origin === 'remote' && c.key === 'user:1');
        const poll = () => {
          const c = find();
          if (c) resolve(c.at);
          else setTimeout(poll, 5);
        };
        poll();
      }),
  );
  expect(heardAt - sentAt).toBeGreaterThanOrEqual(0);
  expect(heardAt - sentAt).toBeLessThan(1000);
  expect(await other.evaluate(() => window.cache.get('user:1'))).toEqual({ name: 'Ada', v: 2 });
  expect(await other.evaluate(() => window.changes)).toContainEqual(expect.objectContaining({ type: 'set', key: 'user:1', origin: 'remote' }));
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
