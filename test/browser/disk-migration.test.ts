// Schema version 1 kept each entry as two records (store 'meta', and store 'bodies' holding
// { record, body }). Opening such a database moves every complete entry into 'entries', with the
// last access from 'meta', drops halves without their other half, and recomputes the totals.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, databaseName, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { encodeBody, makeMeta } from '../../src/disk/codec.ts';
import { SCHEMA_VERSION } from '../../src/disk/model.ts';
import { deleteDatabase, fullScan, jsonValue, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

/** Writes a version 1 database by hand, as the previous build laid it out. */
async function writeV1(name: string, entries: { key: string; value: unknown; at: number; lastAccess: number; meta?: boolean; body?: boolean }[]) {
  const open = indexedDB.open(databaseName(name), 1);
  open.onupgradeneeded = () => {
    const meta = open.result.createObjectStore('meta', { keyPath: 'key' });
    meta.createIndex('lastAccess', 'lastAccess');
    meta.createIndex('expiresAt', 'expiresAt');
    open.result.createObjectStore('bodies');
    open.result.createObjectStore('state');
  };
  const db = await request(open);
  const tx = db.transaction(['meta', 'bodies', 'state'], 'readwrite');
  const totals = { entries: 0, rawBytes: 0, storedBytes: 0 };
  for (const e of entries) {
    const value = encodeValue(e.value);
    const encoded = encodeBody(value.bytes, { minBytes: 1024, level: 6 });
    const record = makeMeta(e.key, value, encoded, e.at, undefined); // lastAccess = write time in the body's copy
    if (e.meta !== false) {
      tx.objectStore('meta').put({ ...record, lastAccess: e.lastAccess });
      totals.entries += 1;
      totals.rawBytes += record.rawBytes;
      totals.storedBytes += record.storedBytes;
    }
    if (e.body !== false) tx.objectStore('bodies').put({ record, body: encoded.body }, e.key);
  }
  tx.objectStore('state').put(totals, 'totals');
  tx.objectStore('state').put(2, 'corrupt');
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}

test('a version 1 database is migrated on open: complete entries kept with their last access, halves dropped, totals exact', async () => {
  const name = uniqueName('migrate');
  names.push(name);
  await writeV1(name, [
    { key: 'a', value: jsonValue(1, 6000), at: 1000, lastAccess: 5000 },
    { key: 'b', value: 'short text', at: 2000, lastAccess: 3000 },
    { key: 'c', value: jsonValue(3, 20_000), at: 3000, lastAccess: 9000 },
    { key: 'meta-only', value: 'x', at: 4000, lastAccess: 4000, body: false },
    { key: 'body-only', value: 'y', at: 4000, lastAccess: 4000, meta: false },
  ]);

  const tier = new DiskTier({ name });
  const { errors } = recordEvents(tier);
  // Listed before any read: the order is the last access the meta store had, not the write time.
  expect((await tier.list()).map((i) => [i.key, i.lastAccess])).toEqual([
    ['c', 9000],
    ['a', 5000],
    ['b', 3000],
  ]);
  const stats = await tier.stats();
  expect(stats).toMatchObject({ entries: 3, corrupt: 2 });
  expect(await fullScan(name)).toMatchObject({ entries: 3, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes, bodies: 3 });
  expect(decodeValue((await tier.get('a'))!.value)).toEqual(jsonValue(1, 6000));
  expect(decodeValue((await tier.get('b'))!.value)).toBe('short text');
  expect(decodeValue((await tier.get('c'))!.value)).toEqual(jsonValue(3, 20_000));
  expect(await tier.get('meta-only')).toBeUndefined();
  expect(await tier.get('body-only')).toBeUndefined();
  expect(errors).toEqual([]);
  tier.close();
  await new Promise((r) => setTimeout(r, 50));

  const db = await request(indexedDB.open(databaseName(name)));
  expect(db.version).toBe(SCHEMA_VERSION);
  expect([...db.objectStoreNames].sort()).toEqual(['entries', 'state']);
  db.close();
});

test('migration keeps the last-access order of version 1 for eviction', async () => {
  const name = uniqueName('migrate-order');
  names.push(name);
  // Written oldest first, but accessed in the opposite order: eviction must follow the access.
  await writeV1(name, [
    { key: 'p', value: jsonValue(1, 3000), at: 1, lastAccess: 300 },
    { key: 'q', value: jsonValue(2, 3000), at: 2, lastAccess: 200 },
    { key: 'r', value: jsonValue(3, 3000), at: 3, lastAccess: 100 },
  ]);
  const probe = new DiskTier({ name });
  const all = await probe.stats();
  probe.close();
  await new Promise((r) => setTimeout(r, 20));
  // A budget that fits two of the three: the least recently accessed (r) goes.
  const tier = new DiskTier({ name, maxBytes: Math.floor(all.storedBytes * 0.8), lowWater: 0.99 });
  const evicted: string[] = [];
  tier.addEventListener('evict', (e) => evicted.push((e as CustomEvent<{ key: string }>).detail.key));
  await tier.trim();
  expect(evicted).toEqual(['r']);
  expect((await tier.list()).map((i) => i.key)).toEqual(['p', 'q']);
  tier.close();
});
