// Scenario 8: a newer build in another tab upgrades the cache's database (version + 1) while an
// old tab holds it open. Expected: the old tab closes its connection at once (versionchange),
// so the upgrade is never blocked; the old tab keeps serving from memory without a rejection.
import { dbName, expect, expectNoRejections, openPage, test, uniqueName } from './support/harness.ts';

test('an upgrade from another tab is not blocked: the old tab lets go and keeps working from memory', async ({ context }) => {
  const name = uniqueName('upgrade');
  const oldTab = await openPage(context, { sw: false });
  const version = await oldTab.evaluate(
    async ({ name, db }) => {
      const cache = window.tc.make('old', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 4 << 20 } });
      for (let i = 0; i < 5; i++) await cache.set(`k${i}`, { i });
      // The connection is open now (the writes are on disk).
      return (await indexedDB.databases()).find((d) => d.name === db)?.version;
    },
    { name, db: dbName(name) },
  );
  expect(version).toBeGreaterThanOrEqual(1);

  const newTab = await openPage(context, { sw: false });
  const upgrade = await newTab.evaluate(
    async ({ db, to }) =>
      new Promise<{ outcome: string; blocked: boolean; stores: string[] }>((resolve) => {
        let blocked = false;
        const request = indexedDB.open(db, to);
        request.onblocked = () => {
          blocked = true;
        };
        request.onupgradeneeded = () => request.result.createObjectStore(`added-in-v${to}`);
        request.onsuccess = () => {
          const stores = Array.from(request.result.objectStoreNames);
          request.result.close();
          resolve({ outcome: 'upgraded', blocked, stores });
        };
        request.onerror = () => resolve({ outcome: `error ${request.error?.name}`, blocked, stores: [] });
        setTimeout(() => resolve({ outcome: 'still pending after 10 s', blocked, stores: [] }), 10_000);
      }),
    { db: dbName(name), to: version! + 1 },
  );
  expect(upgrade.blocked, 'the old tab blocked the upgrade').toBe(false);
  expect(upgrade.outcome).toBe('upgraded');
  expect(upgrade.stores).toContain(`added-in-v${version! + 1}`);

  // The old tab's cache: every call answers, nothing rejects; what it holds in memory is served.
  const old = await oldTab.evaluate(async () => {
    const cache = window.tc.caches.old!;
    const out: Record<string, unknown> = {};
    try {
      out.k1 = await cache.get('k1');
      await cache.set('after-upgrade', 'from memory');
      out.afterUpgrade = await cache.get('after-upgrade');
      out.has = await cache.has('k4');
      out.deleted = await cache.delete('k0');
      out.stats = (await cache.stats()).memory.entries;
    } catch (err) {
      out.threw = String(err);
    }
    return out;
  });
  expect(old.threw).toBeUndefined();
  expect(old.k1).toEqual({ i: 1 });
  expect(old.afterUpgrade).toBe('from memory');
  expect(old.has).toBe(true);
  expect(old.deleted).toBe(true);
  await expectNoRejections(oldTab);
  await expectNoRejections(newTab);
});
