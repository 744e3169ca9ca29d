// Scenario 4: the user (or the browser) clears the site's IndexedDB under a live page
// (CDP Storage.clearDataForOrigin { storageTypes: 'indexeddb' }): the browser closes the open
// connection. Expected: no rejection, a lazy reopen, and the very next write is on disk.
import { dbName, expect, expectConsistent, expectNoRejections, openPage, originOf, scan, test, uniqueName, until } from './support/harness.ts';

for (const sw of [false, true]) {
  const where = sw ? 'the worker' : 'the page';
  test(`site data cleared under ${where}'s open connection: the next write reopens the database and lands on disk`, async ({ context }) => {
    const name = uniqueName('cleared');
    const page = await openPage(context, { sw });
    const before = await page.evaluate(async (name) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 4 << 20 } });
      for (let i = 0; i < 10; i++) await cache.set(`before${i}`, { i });
      return (await cache.stats()).disk.entries;
    }, name);
    expect(before).toBe(10);
    expect((await scan(page, name)).records).toHaveLength(10);

    const session = await context.newCDPSession(page);
    await session.send('Storage.clearDataForOrigin', { origin: originOf(page), storageTypes: 'indexeddb' });
    await session.detach();
    await until(async () => !(await page.evaluate((db) => indexedDB.databases().then((d) => d.some((x) => x.name === db)), dbName(name))), 'the database to be deleted');

    const after = await page.evaluate(async () => {
      const cache = window.tc.caches.c!;
      await cache.set('after', { written: 'after the wipe' });
      const reader = window.tc.make('r', { name: cache.name, memory: { maxEntries: 100 }, disk: { maxBytes: 4 << 20 } });
      return {
        fromDisk: await reader.get('after'),
        wiped: await reader.get('before3'),
        stats: (await cache.stats()).disk,
        errors: window.tc.errors.c ?? [],
      };
    });
    expect(after.fromDisk, 'the first write after the wipe is readable from disk').toEqual({ written: 'after the wipe' });
    expect(after.wiped, 'wiped records are gone').toBeUndefined();
    expect(after.stats.entries).toBe(1);
    const records = await scan(page, name);
    expect(records.records.map((r) => r.key)).toEqual(['after']);
    expectConsistent(records);
    // Whatever was reported, it was an event, not a rejection.
    expect(after.errors.every((e) => ['closed', 'write', 'unavailable'].includes(e.code)), JSON.stringify(after.errors)).toBe(true);
    await expectNoRejections(page);
  });
}
