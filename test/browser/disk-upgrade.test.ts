// Schema upgrades: a database written by an earlier version opens with this one. Records that are
// valid as they are stay; whatever the old layout kept elsewhere may go, counted, never served wrong.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { encodeBody } from '../../src/codec/index.ts';
import { makeMeta } from '../../src/disk/record.ts';
import type { EntryRecord } from '../../src/disk/record.ts';
import { deleteDatabase, fullScan, jsonValue, rawTransaction, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

function name(label: string): string {
  const n = uniqueName(label);
  names.push(n);
  return n;
}

function entry(key: string, seed: number, at: number): EntryRecord {
  const value = encodeValue(jsonValue(seed, 2000));
  const encoded = encodeBody(value.bytes, false);
  return { ...makeMeta(key, value, encoded, at, undefined), body: encoded.body };
}

/** Creates the database of cache `db` at `version` with the version-1 stores, then lets `fill` add what that version had. */
async function createOld(db: string, version: number, fill: (tx: IDBTransaction, created: IDBDatabase) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(`tiercache:${db}`, version);
    open.onupgradeneeded = () => {
      const created = open.result;
      const meta = created.createObjectStore('meta', { keyPath: 'key' });
      meta.createIndex('lastAccess', 'lastAccess');
      meta.createIndex('expiresAt', 'expiresAt');
      created.createObjectStore('bodies');
      created.createObjectStore('state');
      fill(open.transaction!, created);
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}

function putRecord(tx: IDBTransaction, e: EntryRecord): void {
  const { body, ...record } = e;
  tx.objectStore('meta').put(record);
  tx.objectStore('bodies').put({ record, body }, e.key);
}

test('upgrading a version 1 database drops its compaction notes and keeps its records', async () => {
  const db = name('upgrade-v1');
  const e = entry('old', 1, 1_000);
  await createOld(db, 1, (tx) => {
    putRecord(tx, e);
    tx.objectStore('state').put({ entries: 1, rawBytes: e.rawBytes, storedBytes: e.storedBytes }, 'totals');
    tx.objectStore('state').put(['old'], 'compact:x1');
  });
  const tier = new DiskTier({ name: db });
  const hit = await tier.get('old');
  expect(hit?.info).toMatchObject({ codec: 'raw', rawBytes: e.rawBytes });
  expect(await tier.stats()).toMatchObject({ entries: 1, dropped: 0 });
  tier.close();
  await new Promise((r) => setTimeout(r, 50));
  const notes = await rawTransaction(db, 'readonly', async ({ state }) => request(state.getAllKeys()));
  expect(notes).toEqual(['totals']);
});

test('upgrading a version 2 database drops what its journals still staged, counts it, and keeps every record', async () => {
  const db = name('upgrade-v2');
  const kept = [entry('a', 1, 1_000), entry('b', 2, 2_000)];
  const stagedOnly = entry('c', 3, 3_000);
  // 'b' was written again in a burst: the staged value is lost, and the older record must not come back in its place.
  const stagedOver = entry('b', 4, 4_000);
  await createOld(db, 2, (tx, created) => {
    for (const e of kept) putRecord(tx, e);
    // Version 2 kept a staged key out of meta and bodies: 'b' is staged, so its record went.
    tx.objectStore('meta').delete('b');
    tx.objectStore('bodies').delete('b');
    created.createObjectStore('journal').createIndex('keys', 'keys', { multiEntry: true });
    created.createObjectStore('journalBodies');
    const staged = [stagedOnly, stagedOver].map(({ body: _, ...meta }) => meta);
    tx.objectStore('journal').put({ keys: ['c', 'b'], metas: staged, slots: [0, 1], bytes: stagedOnly.storedBytes + stagedOver.storedBytes }, 1);
    tx.objectStore('journalBodies').put([stagedOnly.body, stagedOver.body], 1);
    const counted = [kept[0]!, stagedOnly, stagedOver];
    tx.objectStore('state').put(
      { entries: 3, rawBytes: counted.reduce((s, e) => s + e.rawBytes, 0), storedBytes: counted.reduce((s, e) => s + e.storedBytes, 0) },
      'totals',
    );
  });
  const tier = new DiskTier({ name: db });
  expect(decodeValue((await tier.get('a'))!.value)).toEqual(jsonValue(1, 2000));
  expect(await tier.get('b')).toBeUndefined();
  expect(await tier.get('c')).toBeUndefined();
  const stats = await tier.stats();
  expect(stats).toMatchObject({ entries: 1, rawBytes: kept[0]!.rawBytes, storedBytes: kept[0]!.storedBytes, dropped: 2 });
  // It keeps working: a write is stored and counted, and the totals equal a full scan.
  expect(await tier.set('d', encodeValue({ d: 1 }))).toBe(true);
  tier.close();
  await new Promise((r) => setTimeout(r, 50));
  const scan = await rawTransaction(db, 'readonly', async (stores) => ({
    storeNames: [...stores.meta.transaction.db.objectStoreNames],
    version: stores.meta.transaction.db.version,
  }));
  expect(scan).toEqual({ storeNames: ['bodies', 'meta', 'state'], version: 3 });
  const { totals, entries, rawBytes, storedBytes } = await fullScan(db);
  expect(totals).toEqual({ entries, rawBytes, storedBytes });
  expect(entries).toBe(2);
});
