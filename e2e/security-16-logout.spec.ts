// Scenario 16: logout on a shared browser. `clear()` in one tab (on the app's data cache and on
// the worker's route cache 'api') empties the memory of every tab, the disk tier and the worker's
// view; a second user signing in on the same browser then sees none of the first user's data
// or responses, and nothing of them is left in IndexedDB.
import { dbName, expect, expectConsistent, expectNoRejections, fetchIn, fetchOk, openPage, scan, test, uniqueName, until } from './support/harness.ts';

const SECRET = 'first-user-private-note-5b1e';

test("logout in one tab clears every tab's memory, the disk and the worker: the next user sees nothing of the first", async ({ context }) => {
  const name = uniqueName('session');
  const tabA = await openPage(context, { sw: true });
  const tabB = await openPage(context, { sw: true });
  const open = (id: string) => ({ id, name, memory: { maxEntries: 100 }, disk: { maxBytes: 4 << 20 } }) as const;

  // The first user: data in the app's cache, and API responses stored by the worker.
  await tabA.evaluate(
    async ({ o, SECRET }) => {
      const data = window.tc.make('data', { name: o.name, memory: o.memory, disk: o.disk });
      window.tc.make('api', { name: 'api', memory: { maxEntries: 10 } });
      await data.set('profile', { user: 'first', note: SECRET });
      await data.set('settings', { theme: 'dark' });
    },
    { o: open('data'), SECRET },
  );
  const firstUserResponse = await fetchOk(tabA, '/api/users/first-user?strategy=cache-first');
  expect(firstUserResponse.xCache).toBe('MISS');
  expect((await fetchOk(tabA, '/api/users/first-user?strategy=cache-first')).xCache).toBe('HIT');

  // Tab B has read the profile: it sits in B's memory tier.
  const inB = await tabB.evaluate(async (o) => {
    const data = window.tc.make('data', { name: o.name, memory: o.memory, disk: o.disk });
    await data.get('profile');
    return data.peek('profile');
  }, open('data'));
  expect(inB).toEqual({ user: 'first', note: SECRET });

  // The scan sees the note while it is stored (so its empty answer below means something).
  expect((await tabA.evaluate((needles) => window.tc.grep(needles), [SECRET])).length).toBeGreaterThan(0);

  // Logout in tab A.
  await tabA.evaluate(async () => {
    await Promise.all([window.tc.caches.data!.clear(), window.tc.caches.api!.clear()]);
  });

  // Every tab's memory: B hears of it over BroadcastChannel.
  await until(async () => (await tabB.evaluate(() => window.tc.caches.data!.peek('profile'))) === undefined, "tab B's memory to drop the profile");
  const afterB = await tabB.evaluate(async () => {
    const data = window.tc.caches.data!;
    return { profile: await data.get('profile'), settings: await data.get('settings'), stats: await data.stats() };
  });
  expect(afterB.profile).toBeUndefined();
  expect(afterB.settings).toBeUndefined();
  expect(afterB.stats.memory.entries).toBe(0);
  // The worker's view (B is controlled: stats come from the worker's disk tier).
  expect(afterB.stats.disk.entries).toBe(0);

  // The disk tier: both databases hold nothing of the first user, and their totals are exact. The
  // app's own code is not the user's: a chunk the page loads at first use after the logout (stats()
  // above loads the occasional methods) is stored by the demo's asset route in 'api', as it would be
  // for anyone.
  for (const db of [name, 'api']) {
    const records = await scan(tabA, db);
    const isAppCode = (key: string) => new URL(key, 'http://x').pathname.startsWith('/assets/');
    expect(records.records.map((r) => r.key).filter((key) => !isAppCode(key)), `records left in ${dbName(db)}`).toEqual([]);
    expectConsistent(records, dbName(db));
  }

  // The second user, on the same browser: none of the first user's responses come from a store.
  const secondUser = await openPage(context, { sw: true });
  expect(await fetchIn(secondUser, '/api/users/first-user?strategy=cache-only'), 'cache-only finds nothing').toHaveProperty('error');
  expect((await fetchOk(secondUser, '/api/users/first-user?strategy=cache-first')).xCache).toBe('MISS');
  const seen = await secondUser.evaluate(async (o) => {
    const data = window.tc.make('data', { name: o.name, memory: o.memory, disk: o.disk });
    return { profile: await data.get('profile'), settings: await data.get('settings') };
  }, open('data'));
  expect(seen).toEqual({ profile: undefined, settings: undefined });
  expect(await secondUser.evaluate((needles) => window.tc.grep(needles), [SECRET]), 'the first user’s note anywhere in storage').toEqual([]);

  for (const page of [tabA, tabB, secondUser]) await expectNoRejections(page);
});
