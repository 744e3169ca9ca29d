// Scenario 5: the tab is closed while a large batch is being written (page mode: the tab owns
// the transactions). Expected: after reopening, the totals record equals a full scan, every
// record has its body and holds exactly what was written (no half-written record), and the
// cache goes on writing.
import { dbName, expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName, until } from './support/harness.ts';

const ENTRIES = 10_000; // ~3 MB in 10 transactions of 1000 puts: the close lands mid-way

test('closing the tab mid-batch leaves no half-written record and totals equal to a full scan', async ({ context }) => {
  const name = uniqueName('tabclose');
  const writer = await openPage(context, { sw: false });
  await writer.evaluate(
    ({ name, ENTRIES }) => {
      const cache = window.tc.make('w', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 64 << 20 } });
      // Not awaited: the page is closed while it runs.
      void cache.batch(() => {
        for (let i = 0; i < ENTRIES; i++) void cache.set(`k${i}`, `value of k${i} `.padEnd(300, '.'));
      });
    },
    { name, ENTRIES },
  );
  const watcher = await openPage(context, { sw: false });
  // Close as soon as the first transaction of the batch has committed.
  await until(async () => (await scan(watcher, name)).records.length > 0, 'the first committed transaction', 30_000);
  await writer.close();

  const after = await scan(watcher, name);
  expectConsistent(after);
  const check = await watcher.evaluate(
    async ({ db }) =>
      window.tc.raw(db, async (conn) => {
        const tx = conn.transaction(['bodies'], 'readonly');
        const all = <T,>(request: IDBRequest<T>) => new Promise<T>((r) => (request.onsuccess = () => r(request.result)));
        const store = tx.objectStore('bodies');
        const [keys, values] = await Promise.all([all(store.getAllKeys()), all(store.getAll() as IDBRequest<unknown[]>)]);
        const found = new Map<string, unknown>();
        keys.forEach((key, i) => {
          const v = values[i];
          found.set(String(key), v instanceof ArrayBuffer ? v : (v as { body?: unknown } | undefined)?.body);
        });
        const decoder = new TextDecoder();
        const wrong: string[] = [];
        for (const [key, body] of found) {
          const text = body instanceof ArrayBuffer ? decoder.decode(body) : '';
          if (text !== `value of ${key} `.padEnd(300, '.')) wrong.push(key);
        }
        return { count: found.size, wrong: wrong.slice(0, 5) };
      }),
    { db: dbName(name) },
  );
  expect(check.wrong, 'records whose body is not exactly what was written').toEqual([]);
  expect(check.count).toBe(after.records.length);

  // A new cache on the same database agrees with the scan and keeps writing.
  const resumed = await watcher.evaluate(
    async ({ name }) => {
      const cache = window.tc.make('r', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 64 << 20 } });
      const stats = (await cache.stats()).disk;
      await cache.set('after-reopen', 'still writing');
      return { stats, after: (await cache.stats()).disk.entries, errors: window.tc.errors.r ?? [] };
    },
    { name },
  );
  expect(resumed.stats.entries).toBe(after.records.length);
  expect(resumed.stats.storedBytes).toBe(after.sum.storedBytes);
  expect(resumed.after).toBe(after.records.length + (after.records.some((r) => r.key === 'after-reopen') ? 0 : 1));
  expect(resumed.errors).toEqual([]);
  expectConsistent(await scan(watcher, name));
  await expectNoRejections(watcher);
});
