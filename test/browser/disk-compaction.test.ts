// Bursts: while 1 MiB or more of puts wait, each batch is staged uncompressed as one journal
// (two records whatever its size) and acknowledged once stored; compaction deflates the entries
// and moves them into meta and bodies once the queue is idle (or at trim()). Nothing a burst
// stored may be lost, changed, double-counted, served stale or laundered, from this context or
// another one.
import { afterAll, expect, test, vi } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { encodeRaw, makeMeta } from '../../src/disk/codec.ts';
import { commit, evictBatch, listMetas, openStore, readMeta, readRecord, readTotals, stage, unstage } from '../../src/disk/model.ts';
import type { EntryRecord } from '../../src/disk/record.ts';
import { deleteDatabase, fullScan, jsonValue, rawTransaction, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

function name(label: string): string {
  const n = uniqueName(label);
  names.push(n);
  return n;
}

/** 400 values of ~4 KB: a 1.6 MiB burst. */
const burst = Array.from({ length: 400 }, (_, i) => jsonValue(i + 1, 4000));

/** What is on disk, read past the tier: codec per key in meta, and the keys staged in journals. */
async function onDisk(db: string): Promise<{ codecs: Map<string, string>; staged: string[]; journals: number }> {
  return rawTransaction(db, 'readonly', async ({ meta, journal }) => {
    const records = (await request(meta.getAll())) as { key: string; codec: string }[];
    const journals = (await request(journal.getAll())) as { keys: string[] }[];
    return { codecs: new Map(records.map((r) => [r.key, r.codec])), staged: journals.flatMap((j) => j.keys), journals: journals.length };
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Refuses the next `count` readwrite transactions as over quota (reads go through) until
 * vi.restoreAllMocks(); `refused()` tells how many it refused so far.
 */
function refuseWrites(count: number): { refused: () => number } {
  const original = IDBDatabase.prototype.transaction;
  let refused = 0;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite' && refused < count) {
      refused++;
      throw new DOMException('over quota', 'QuotaExceededError');
    }
    return original.apply(this, args);
  });
  return { refused: () => refused };
}

async function writeBurst(tier: DiskTier, values: unknown[] = burst): Promise<void> {
  await tier.stats(); // opened, its stored bytes known: a burst may be staged
  const acks = await Promise.all(values.map((v, i) => tier.set(`k${i}`, encodeValue(v))));
  expect(acks.every(Boolean)).toBe(true);
}

/** The totals record equals a full scan, both read in one transaction (compaction may run meanwhile). */
async function expectTotalsExact(db: string): Promise<void> {
  const { totals, entries, rawBytes, storedBytes } = await fullScan(db);
  expect(totals).toEqual({ entries, rawBytes, storedBytes });
}

async function expectAllCompacted(db: string, tier: DiskTier, count = burst.length): Promise<void> {
  const { codecs, journals } = await onDisk(db);
  expect(journals).toBe(0);
  expect(codecs.size).toBe(count);
  expect([...codecs.values()].every((c) => c === 'deflate')).toBe(true);
  const stats = await tier.stats();
  expect(stats.storedBytes).toBeLessThan(stats.rawBytes * 0.35);
  expect(await fullScan(db)).toMatchObject({ entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes, bodyBytes: stats.storedBytes });
}

test('a burst is acknowledged staged in journals, then compacted when the queue is idle, values unchanged', async () => {
  const db = name('compact-idle');
  const tier = new DiskTier({ name: db });
  const { errors } = recordEvents(tier);
  await writeBurst(tier);

  // Acknowledged means stored: staged uncompressed (compaction may start 50 ms after the queue
  // went idle), counted at their raw size, and readable.
  const right = await onDisk(db);
  expect(right.journals).toBeGreaterThan(0);
  expect(new Set([...right.staged, ...right.codecs.keys()]).size).toBe(burst.length);
  expect(right.staged.length + right.codecs.size).toBe(burst.length);

  await waitFor(async () => (await onDisk(db)).journals === 0);
  await expectAllCompacted(db, tier);
  for (const i of [0, 57, 399]) expect(decodeValue((await tier.get(`k${i}`))!.value)).toEqual(burst[i]);
  expect(errors).toEqual([]);
  tier.close();
});

test('trim() compacts every journal before it evicts', async () => {
  const db = name('compact-trim');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  const result = await tier.trim();
  expect(result.evicted).toBe(0);
  await expectAllCompacted(db, tier);
  tier.close();
});

test('staged entries are served, listed and counted before compaction, from this context and another one', async () => {
  const db = name('compact-staged-reads');
  const writer = new DiskTier({ name: db });
  await writeBurst(writer);
  writer.close(); // nothing compacted: the journals stay on disk
  await new Promise((r) => setTimeout(r, 100));
  // The first 1 MiB batch at least is staged (the tail of a burst, under 1 MiB, may be deflated first).
  const { staged: stagedKeys } = await onDisk(db);
  expect(stagedKeys.length).toBeGreaterThanOrEqual(250);
  const [one, two] = [stagedKeys[123]!, stagedKeys[7]!];

  // Straight at the model, so no compaction runs in between.
  const conn = await openStore(db, { onClose() {}, onVersionChange() {} });
  const found = await readRecord(conn, one);
  expect(found).toMatchObject({ key: one, codec: 'raw' });
  expect(new TextDecoder().decode(found!.body)).toBe(JSON.stringify(burst[Number(one.slice(1))]));
  expect(await readRecord(conn, 'nope')).toBeUndefined();
  expect(await readMeta(conn, two)).toMatchObject({ key: two, codec: 'raw' });
  expect((await listMetas(conn, 1000)).map((m) => m.key).sort()).toEqual(burst.map((_, i) => `k${i}`).sort());
  const totals = await readTotals(conn);
  expect(totals.entries).toBe(burst.length);
  expect(await fullScan(db)).toMatchObject({ entries: totals.entries, rawBytes: totals.rawBytes, storedBytes: totals.storedBytes });
  conn.close();

  const reader = new DiskTier({ name: db });
  expect(decodeValue((await reader.get(two))!.value)).toEqual(burst[Number(two.slice(1))]);
  expect(await reader.has(one)).toBe(true);
  expect(await reader.has('k400')).toBe(false);
  await reader.trim();
  await expectAllCompacted(db, reader);
  reader.close();
});

test('a read right after a burst keeps its last access through compaction', async () => {
  const db = name('compact-touch');
  let clock = 1_000;
  const tier = new DiskTier({ name: db, now: () => clock });
  await writeBurst(tier);
  clock = 5_000;
  // Read before compaction: the last-access updates reach the staged metas, which compaction carries.
  for (const i of [397, 398, 399]) expect(decodeValue((await tier.get(`k${i}`))!.value)).toEqual(burst[i]);
  await tier.trim();
  await expectAllCompacted(db, tier);
  const listed = await tier.list({ limit: 3 });
  expect(listed.map((i) => [i.key, i.lastAccess, i.codec]).sort()).toEqual([
    ['k397', 5_000, 'deflate'],
    ['k398', 5_000, 'deflate'],
    ['k399', 5_000, 'deflate'],
  ]);
  tier.close();
});

test('a later write or delete of a staged key wins over its compaction', async () => {
  const db = name('compact-race');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  // Straight after the acknowledgments, before the queue has been idle: these are newer writes.
  expect(await tier.set('k1', encodeValue({ replaced: true }))).toBe(true);
  expect(await tier.set('k2', encodeValue(jsonValue(9999, 4000)))).toBe(true);
  expect(await tier.delete('k3')).toBe(true);
  await expectTotalsExact(db);
  expect((await onDisk(db)).staged).not.toContain('k3');
  await tier.trim();
  expect(decodeValue((await tier.get('k1'))!.value)).toEqual({ replaced: true });
  expect(decodeValue((await tier.get('k2'))!.value)).toEqual(jsonValue(9999, 4000));
  expect(await tier.get('k3')).toBeUndefined();
  const stats = await tier.stats();
  expect(stats.entries).toBe(burst.length - 1);
  expect((await onDisk(db)).journals).toBe(0);
  await expectTotalsExact(db);
  tier.close();
});

test('a burst over existing keys replaces their records: one value per key, totals exact', async () => {
  const db = name('compact-overwrite');
  const tier = new DiskTier({ name: db });
  // 3,000 small records interleaved with the burst's keys: more than the 8 per entry that the
  // staging transaction reads in one go, so the rest are looked up one by one.
  await tier.batch(async () => {
    await Promise.all(Array.from({ length: 3000 }, (_, i) => tier.set(`k${Math.floor(i / 10)}${i % 10 === 0 ? '' : `-${i % 10}`}`, encodeValue(`old ${i}`))));
  });
  const before = await tier.stats();
  expect(before.entries).toBe(3000);
  await writeBurst(tier);
  const right = await onDisk(db);
  expect(right.journals).toBeGreaterThan(0);
  // No staged key also has a record in meta.
  for (const key of right.staged) expect(right.codecs.has(key)).toBe(false);
  // k0, k1, … k299 were there (as k<n> for n < 300) and are replaced; k300… k399 are new.
  expect((await tier.stats()).entries).toBe(3000 + 100);
  await expectTotalsExact(db);
  expect(decodeValue((await tier.get('k12'))!.value)).toEqual(burst[12]);
  expect(decodeValue((await tier.get('k12-3'))!.value)).toBe('old 123');
  await tier.trim();
  expect((await tier.stats()).entries).toBe(3100);
  await expectTotalsExact(db);
  expect(decodeValue((await tier.get('k299'))!.value)).toEqual(burst[299]);
  tier.close();
});

test('journals left when their context closed are compacted by the next one to open', async () => {
  const db = name('compact-reopen');
  const writer = new DiskTier({ name: db });
  await writeBurst(writer);
  writer.close(); // before the queue was idle long enough to compact
  await new Promise((r) => setTimeout(r, 100));
  expect((await onDisk(db)).journals).toBeGreaterThan(0);

  const reader = new DiskTier({ name: db });
  const { errors } = recordEvents(reader);
  await reader.stats(); // opens it
  await waitFor(async () => (await onDisk(db)).journals === 0);
  await expectAllCompacted(db, reader);
  for (const i of [0, 200, 399]) expect(decodeValue((await reader.get(`k${i}`))!.value)).toEqual(burst[i]);
  expect(errors).toEqual([]);
  reader.close();
});

test('a staged body corrupted on disk is never given a fresh checksum: a miss, deleted and counted', async () => {
  const db = name('compact-corrupt');
  const writer = new DiskTier({ name: db });
  await writeBurst(writer);
  writer.close();
  await new Promise((r) => setTimeout(r, 100));
  // Flip a byte of one staged body (its checksum no longer holds).
  const victim = await rawTransaction(db, 'readwrite', async ({ journal, journalBodies }) => {
    const [id] = (await request(journal.getAllKeys())) as number[];
    const staged = (await request(journal.get(id!))) as { keys: string[]; slots: number[] };
    const bodies = (await request(journalBodies.get(id!))) as ArrayBuffer[];
    const slot = staged.slots[5]!;
    const bytes = new Uint8Array(bodies[slot]!.slice(0));
    bytes[100]! ^= 0x20;
    bodies[slot] = bytes.buffer;
    await request(journalBodies.put(bodies, id!));
    return staged.keys[5]!;
  });

  const reader = new DiskTier({ name: db });
  const { errors } = recordEvents(reader);
  expect(await reader.get(victim)).toBeUndefined(); // served never: verified on the read path too
  await reader.trim();
  expect(await reader.get(victim)).toBeUndefined();
  expect(errors.map((e) => e.code)).toContain('corrupt');
  const stats = await reader.stats();
  expect(stats).toMatchObject({ entries: burst.length - 1, corrupt: 1 });
  const { codecs, journals } = await onDisk(db);
  expect(journals).toBe(0);
  expect(codecs.has(victim)).toBe(false);
  await expectTotalsExact(db);
  reader.close();
});

test('a compaction refused over quota costs nothing: no budget cut, no eviction, retried later', async () => {
  const db = name('compact-quota');
  const tier = new DiskTier({ name: db });
  const { errors, evicts } = recordEvents(tier);
  await writeBurst(tier);
  const budget = (await tier.stats()).effectiveBudget;
  // Every readwrite transaction from now on is refused as over quota (reads go through): the
  // compaction's, as the burst is acknowledged and nothing else writes.
  const refusing = refuseWrites(Infinity);
  try {
    await waitFor(async () => refusing.refused() > 0);
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    vi.restoreAllMocks();
  }
  expect((await onDisk(db)).journals).toBeGreaterThan(0);
  expect((await tier.stats()).effectiveBudget).toBe(budget);
  expect(evicts).toEqual([]);
  expect(errors).toEqual([]);
  await waitFor(async () => (await onDisk(db)).journals === 0); // the retry, a second later
  await expectAllCompacted(db, tier);
  tier.close();
});

test('a journal whose compaction was refused is retried a second later, after the next journal', async () => {
  const db = name('compact-retry-order');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier); // 400 × 4 KB: two journals (250 + 150)
  const ids = await rawTransaction(db, 'readonly', async ({ journal }) => (await request(journal.getAllKeys())) as number[]);
  expect(ids).toHaveLength(2);
  // The first compaction transaction is refused, once.
  const refusing = refuseWrites(1);
  try {
    await waitFor(async () => refusing.refused() === 1);
  } finally {
    vi.restoreAllMocks();
  }
  // Well within the first one's retry delay (1 s), the second journal is compacted.
  await waitFor(async () => (await onDisk(db)).journals === 1, 900);
  expect(await rawTransaction(db, 'readonly', async ({ journal }) => request(journal.getAllKeys()))).toEqual([ids[0]]);
  await waitFor(async () => (await onDisk(db)).journals === 0);
  await expectAllCompacted(db, tier);
  tier.close();
});

test('near the budget a burst is deflated before it is stored, as any batch', async () => {
  const db = name('compact-budget');
  const tier = new DiskTier({ name: db, maxBytes: 4 * 1024 * 1024 });
  await writeBurst(tier); // 1.6 MiB raw: staged, it would not leave room under the low-water mark
  const { codecs, journals } = await onDisk(db);
  expect(journals).toBe(0);
  expect([...codecs.values()].every((c) => c === 'deflate')).toBe(true);
  tier.close();
});

test('clear() drops the journals with the records', async () => {
  const db = name('compact-clear');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  await tier.clear();
  expect(await onDisk(db)).toEqual({ codecs: new Map(), staged: [], journals: 0 });
  expect(await tier.stats()).toMatchObject({ entries: 0, rawBytes: 0, storedBytes: 0 });
  await expectTotalsExact(db);
  tier.close();
});

// ── the journal transactions themselves, whatever the scheduling ──────────────────────────────

function entry(key: string, seed: number, at: number, ttlMs?: number): EntryRecord {
  const value = encodeValue(jsonValue(seed, 2000));
  const raw = encodeRaw(value.bytes);
  return { ...makeMeta(key, value, raw, at, ttlMs), body: raw.body };
}

async function withStore(label: string, fn: (conn: IDBDatabase, db: string) => Promise<void>): Promise<void> {
  const db = name(label);
  const conn = await openStore(db, { onClose() {}, onVersionChange() {} });
  try {
    await fn(conn, db);
  } finally {
    conn.close();
  }
  const totals = await (async () => {
    const again = await openStore(db, { onClose() {}, onVersionChange() {} });
    try {
      return await readTotals(again);
    } finally {
      again.close();
    }
  })();
  expect(await fullScan(db)).toMatchObject({ entries: totals.entries, rawBytes: totals.rawBytes, storedBytes: totals.storedBytes });
}

const staged = (e: EntryRecord) => {
  const { body: _body, ...meta } = e;
  return meta;
};

test('a key staged in two journals: the later holds it; compacting the older lets it go', async () => {
  await withStore('journal-twice', async (conn) => {
    const first = entry('k', 1, 1_000);
    const second = entry('k', 2, 2_000);
    const a = await stage(conn, [first, entry('a', 3, 1_000)]);
    const b = await stage(conn, [second]);
    expect(b.journal).toBeGreaterThan(a.journal);
    expect((await readRecord(conn, 'k'))?.createdAt).toBe(2_000);
    // The older journal's compaction of k is not applied: it only lets go of it.
    const old = await unstage(conn, a.journal, [{ key: 'k', expect: staged(first), record: first }]);
    expect(old.results).toEqual([false]);
    expect((await readRecord(conn, 'k'))?.createdAt).toBe(2_000);
    expect((await readTotals(conn)).entries).toBe(2); // k and a
    const done = await unstage(conn, b.journal, [{ key: 'k', expect: staged(second), record: second }]);
    expect(done.results).toEqual([true]);
    expect(await readMeta(conn, 'k')).toMatchObject({ createdAt: 2_000 });
  });
});

test('compacting the later journal first takes the key out of the earlier one: the older value never comes back', async () => {
  await withStore('journal-newer-first', async (conn) => {
    const first = entry('k', 1, 1_000);
    const second = entry('k', 2, 2_000);
    const a = await stage(conn, [first]);
    const b = await stage(conn, [second]);
    expect((await unstage(conn, b.journal, [{ key: 'k', expect: staged(second), record: second }])).results).toEqual([true]);
    expect((await readTotals(conn)).entries).toBe(1);
    expect((await unstage(conn, a.journal, [{ key: 'k', expect: staged(first), record: first }])).results).toEqual([false]);
    expect((await readRecord(conn, 'k'))?.createdAt).toBe(2_000);
    expect((await listMetas(conn, 10)).map((m) => m.key)).toEqual(['k']);
  });
});

test('a corrupt entry dropped from the later journal takes the key out of the earlier one too', async () => {
  await withStore('journal-corrupt-newer', async (conn) => {
    const first = entry('k', 1, 1_000);
    const second = entry('k', 2, 2_000);
    const a = await stage(conn, [first, entry('other', 3, 1_000)]);
    const b = await stage(conn, [second]);
    const dropped = await unstage(conn, b.journal, [{ key: 'k', expect: staged(second) }]);
    expect(dropped).toMatchObject({ results: [true], gone: false });
    expect(await readRecord(conn, 'k')).toBeUndefined(); // never v1 again
    expect((await unstage(conn, a.journal, [{ key: 'k', expect: staged(first), record: first }])).results).toEqual([false]);
    expect(await readRecord(conn, 'k')).toBeUndefined();
    expect(await readTotals(conn)).toMatchObject({ entries: 1, corrupt: 1 });
    expect((await unstage(conn, b.journal, [{ key: 'k', expect: staged(second), record: second }])).gone).toBe(true);
  });
});

test('eviction deletes journals whole, oldest first, when the metas cannot free enough', async () => {
  await withStore('journal-evict', async (conn) => {
    await commit(conn, [{ type: 'put', key: 'old', record: entry('old', 1, 500) }]);
    const a = await stage(conn, [entry('a1', 2, 1_000, 100), entry('a2', 3, 1_000)]); // a1 expired at 1,100
    await stage(conn, [entry('b1', 4, 2_000)]);
    const before = await readTotals(conn);
    // Free what 'old' and the first journal hold: the second journal stays.
    const target = before.storedBytes - (entry('old', 1, 500).storedBytes + entry('a1', 2, 1_000).storedBytes + entry('a2', 3, 1_000).storedBytes);
    const batch = await evictBatch(conn, { now: 3_000, triggerBytes: 0, targetBytes: target, limit: 100, purgeExpired: false, spaceReason: 'budget', deleteOnly: false });
    expect(batch.victims.map((v) => [v.key, v.reason]).sort()).toEqual([['a1', 'ttl'], ['a2', 'budget'], ['old', 'budget']]);
    expect(a.journal).toBeGreaterThan(0);
    expect(await readRecord(conn, 'a1')).toBeUndefined();
    expect((await readRecord(conn, 'b1'))?.createdAt).toBe(2_000);
    expect((await readTotals(conn)).entries).toBe(1);
  });
});

test('a staged meta that is not an object: reads skip it, a drop does not abort, compaction drops it', async () => {
  const db = name('journal-null-meta');
  const conn = await openStore(db, { onClose() {}, onVersionChange() {} });
  await stage(conn, [entry('x', 1, 1_000), entry('y', 2, 1_000), entry('z', 3, 1_000)]);
  await rawTransaction(db, 'readwrite', async ({ journal }) => {
    const [id] = (await request(journal.getAllKeys())) as number[];
    const record = (await request(journal.get(id!))) as { metas: unknown[] };
    record.metas[0] = null;
    record.metas[2] = 'junk';
    await request(journal.put(record, id!));
  });
  expect(await readMeta(conn, 'x')).toBeUndefined();
  expect((await listMetas(conn, 10)).map((m) => m.key)).toEqual(['y']);
  expect(await readRecord(conn, 'x')).toBeNull(); // unreadable: the tier drops it
  const { body: _b, ...other } = entry('x', 9, 9);
  expect((await commit(conn, [{ type: 'drop', key: 'x', expect: other }])).results).toEqual([true]);
  conn.close();
  const tier = new DiskTier({ name: db });
  expect(await tier.list()).toHaveLength(1);
  await tier.trim();
  expect((await onDisk(db)).journals).toBe(0);
  expect(await tier.stats()).toMatchObject({ entries: 1, corrupt: 2 }); // x dropped by the commit, z by compaction
  // (Byte totals cannot be checked here: the sizes the tampered metas had are gone with them.)
  expect((await fullScan(db)).entries).toBe(1);
  tier.close();
});

test('commit() takes a written, deleted or dropped key out of its journal, and touches a staged one', async () => {
  await withStore('journal-edits', async (conn) => {
    const entries = ['w', 'd', 'x', 'y', 't'].map((key, i) => entry(key, i + 10, 1_000));
    const { journal } = await stage(conn, entries);
    const other = entry('x', 99, 500); // a write that is not the one staged
    const result = await commit(conn, [
      { type: 'put', key: 'w', record: entry('w', 50, 3_000) },
      { type: 'delete', key: 'd' },
      { type: 'drop', key: 'x', expect: staged(other) },
      { type: 'drop', key: 'y', expect: staged(entries[3]!) },
      { type: 'touch', key: 't', at: 7_000 },
    ]);
    expect(result.results).toEqual([true, true, false, true, true]);
    expect((await readRecord(conn, 'w'))?.createdAt).toBe(3_000);
    expect(await readRecord(conn, 'd')).toBeUndefined();
    expect(await readRecord(conn, 'x')).toMatchObject({ createdAt: 1_000 }); // a drop of another write leaves it
    expect(await readRecord(conn, 'y')).toBeUndefined();
    expect(await readMeta(conn, 't')).toMatchObject({ lastAccess: 7_000 });
    expect((await readTotals(conn)).corrupt).toBe(1);
    // Compaction moves only what is still staged as it was, and carries the touch.
    const moves = entries.map((e) => ({ key: e.key, expect: staged(e), record: e }));
    expect((await unstage(conn, journal, moves)).results).toEqual([false, false, true, false, true]);
    expect(await readMeta(conn, 't')).toMatchObject({ lastAccess: 7_000 });
    expect((await readRecord(conn, 'w'))?.createdAt).toBe(3_000);
    expect((await readTotals(conn)).entries).toBe(3); // w, x, t
  });
});

test('upgrading a version 1 database drops its compaction notes and keeps its records', async () => {
  const db = name('journal-upgrade');
  const full = `tiercache:${db}`;
  const e = entry('old', 1, 1_000);
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(full, 1);
    open.onupgradeneeded = () => {
      const created = open.result;
      const meta = created.createObjectStore('meta', { keyPath: 'key' });
      meta.createIndex('lastAccess', 'lastAccess');
      meta.createIndex('expiresAt', 'expiresAt');
      created.createObjectStore('bodies');
      const state = created.createObjectStore('state');
      const record = staged(e);
      meta.put(record);
      open.transaction!.objectStore('bodies').put({ record, body: e.body }, 'old');
      state.put({ entries: 1, rawBytes: e.rawBytes, storedBytes: e.storedBytes }, 'totals');
      state.put(['old'], 'compact:x1');
    };
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
  const tier = new DiskTier({ name: db });
  const hit = await tier.get('old');
  expect(hit?.info).toMatchObject({ codec: 'raw', rawBytes: e.rawBytes });
  expect(await tier.stats()).toMatchObject({ entries: 1 });
  tier.close();
  await new Promise((r) => setTimeout(r, 50));
  const notes = await rawTransaction(db, 'readonly', async ({ state }) => request(state.getAllKeys()));
  expect(notes).toEqual(['totals']);
});
