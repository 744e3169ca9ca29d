// Issue 18, encryption at rest, in worker mode: a page cache with `disk: { encrypt: true }` is
// stored by the service worker's disk tier with every record sealed. A raw read of IndexedDB
// finds none of the known plaintext strings (an unencrypted twin shows they would be there), and
// after `clear({ shred: true })` reads are misses at once, even with the records put back on disk.
import { dbName, expect, expectNoRejections, openPage, scan, test, uniqueName, until } from './support/harness.ts';

// Small values: stored raw (under compress.minBytes), so without encryption the strings are on disk.
const SECRETS = ['diagnosis-hypertension-81c2', 'iban-DE44500105175407324931', 'mail-subject-quarterly-layoffs'];

test('sealed records hold none of the plaintext; after clear({ shred: true }) records put back on disk are misses', async ({ context }) => {
  const name = uniqueName('sealed');
  const twin = uniqueName('twin');
  const page = await openPage(context, { sw: true });

  await page.evaluate(
    async ({ name, twin, SECRETS }) => {
      const sealed = window.tc.make('sealed', { name, memory: { maxEntries: 100 }, disk: { encrypt: true } });
      const plain = window.tc.make('plain', { name: twin, memory: { maxEntries: 100 } });
      for (const cache of [sealed, plain]) {
        await cache.set('note', { text: SECRETS[0]! });
        await cache.set('account', SECRETS[1]!);
        await cache.set('mail', { subject: SECRETS[2], list: [1, 2, 3] });
      }
    },
    { name, twin, SECRETS },
  );

  const found = await page.evaluate((needles) => window.tc.grep(needles), SECRETS);
  expect(found.filter((f) => f.where.includes(dbName(name))), 'plaintext in the sealed database').toEqual([]);
  expect(new Set(found.filter((f) => f.where.includes(dbName(twin))).map((f) => f.needle)), 'the unencrypted twin holds every string').toEqual(new Set(SECRETS));
  const stored = await scan(page, name);
  expect(stored.records.map((r) => r.key).sort()).toEqual(['account', 'mail', 'note']);

  // The worker stored them (the page has no disk tier of its own), and its key is in the database.
  const key = await page.evaluate(
    (db) => window.tc.raw(db, (d) => new Promise<unknown>((resolve) => {
      const request = d.transaction('state').objectStore('state').get('key');
      request.onsuccess = () => resolve(request.result instanceof CryptoKey && !request.result.extractable);
    })),
    dbName(name),
  );
  expect(key, 'a non-extractable key kept in the database').toBe(true);

  // Reads from disk, not memory: a fresh page's cache of the same name.
  const reader = await openPage(context, { sw: true });
  const read = await reader.evaluate(async ({ name }) => {
    const cache = window.tc.make('sealed', { name, memory: { maxEntries: 100 }, disk: { encrypt: true } });
    return [await cache.get('note'), await cache.get('account'), await cache.get('mail')];
  }, { name });
  expect(read).toEqual([{ text: SECRETS[0] }, SECRETS[1], { subject: SECRETS[2], list: [1, 2, 3] }]);

  // Logout: shred, then put the old records back, as a copy of the disk taken before would hold them.
  const after = await page.evaluate(async ({ db }) => {
    const copy = await window.tc.raw(db, (d) => new Promise<{ metas: unknown[]; bodies: unknown[]; keys: IDBValidKey[] }>((resolve) => {
      const tx = d.transaction(['meta', 'bodies']);
      const metas = tx.objectStore('meta').getAll();
      const bodies = tx.objectStore('bodies').getAll();
      const keys = tx.objectStore('bodies').getAllKeys();
      tx.oncomplete = () => resolve({ metas: metas.result, bodies: bodies.result, keys: keys.result });
    }));
    const cache = window.tc.caches.sealed!;
    await cache.clear({ shred: true });
    const atOnce = [await cache.get('note'), await cache.get('account')];
    await window.tc.raw(db, (d) => new Promise<void>((resolve) => {
      const tx = d.transaction(['meta', 'bodies'], 'readwrite');
      copy.metas.forEach((m) => tx.objectStore('meta').put(m));
      copy.bodies.forEach((b, i) => tx.objectStore('bodies').put(b, copy.keys[i]));
      tx.oncomplete = () => resolve();
    }));
    return { atOnce, copied: copy.metas.length };
  }, { db: dbName(name) });
  expect(after).toEqual({ atOnce: [undefined, undefined], copied: 3 });
  expect((await scan(page, name)).records.length, 'the records are on disk again').toBe(3);

  // Another page (memory empty, the worker's disk tier answers): every one is a miss.
  const later = await openPage(context, { sw: true });
  const misses = await later.evaluate(async ({ name }) => {
    const cache = window.tc.make('sealed', { name, memory: { maxEntries: 100 }, disk: { encrypt: true } });
    return [await cache.get('note'), await cache.get('account'), await cache.get('mail'), await cache.has('mail')];
  }, { name });
  expect(misses).toEqual([undefined, undefined, undefined, false]);
  expect((await later.evaluate((needles) => window.tc.grep(needles), SECRETS)).filter((f) => f.where.includes(dbName(name)))).toEqual([]);
  for (const p of [page, reader, later]) await expectNoRejections(p);
});

test("cache.fetch as an encrypting cache's first use in worker mode: the worker stores the response sealed", async ({ context }) => {
  const name = uniqueName('sealedfetch');
  const page = await openPage(context, { sw: true });
  const status = await page.evaluate(async ({ name }) => {
    const cache = window.tc.make('f', { name, memory: { maxEntries: 10 }, disk: { encrypt: true } });
    return (await cache.fetch('/api/users/sealed-user', { strategy: 'cache-first' })).status;
  }, { name });
  expect(status).toBe(200);
  const sealed = await until(
    () => page.evaluate((db) => window.tc.raw(db, (d) => new Promise<unknown[]>((resolve) => {
      const request = d.transaction('meta').objectStore('meta').getAll();
      request.onsuccess = () => resolve(request.result.map((m: { sealed?: unknown }) => m.sealed));
    })), dbName(name)).then((flags) => (flags.length > 0 ? flags : undefined)),
    'the response stored',
  );
  expect(sealed).toEqual([1]);
  await expectNoRejections(page);
});
