// Bursts: while 1 MiB or more of puts wait, batches are stored uncompressed and acknowledged at
// once; a note in 'state' lists them, and compaction deflates and rewrites them once the queue is
// idle (or at trim()). Nothing a burst stored may be lost, changed, double-counted or laundered.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { encodeBody, encodeRaw, makeMeta } from '../../src/disk/codec.ts';
import { commit, openStore, readMeta, readTotals, type WriteOp } from '../../src/disk/model.ts';
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

/** What is on disk, read past the tier: codec per key and the compaction notes. */
async function onDisk(db: string): Promise<{ codecs: Map<string, string>; notes: unknown[] }> {
  return rawTransaction(db, 'readonly', async ({ meta, state }) => {
    const records = (await request(meta.getAll())) as { key: string; codec: string }[];
    const notes = await request(state.getAll(IDBKeyRange.bound('compact:', 'compact;', false, true)));
    return { codecs: new Map(records.map((r) => [r.key, r.codec])), notes };
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function writeBurst(tier: DiskTier): Promise<void> {
  await tier.stats(); // opened, its stored bytes known: a burst may be deferred
  const acks = await Promise.all(burst.map((v, i) => tier.set(`k${i}`, encodeValue(v))));
  expect(acks.every(Boolean)).toBe(true);
}

async function expectAllCompacted(db: string, tier: DiskTier): Promise<void> {
  const { codecs, notes } = await onDisk(db);
  expect(codecs.size).toBe(burst.length);
  expect([...codecs.values()].every((c) => c === 'deflate')).toBe(true);
  expect(notes).toEqual([]);
  const stats = await tier.stats();
  expect(stats.storedBytes).toBeLessThan(stats.rawBytes * 0.35);
  expect(await fullScan(db)).toMatchObject({ entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes, bodyBytes: stats.storedBytes });
}

test('a burst is acknowledged stored uncompressed, then compacted when the queue is idle, values unchanged', async () => {
  const db = name('compact-idle');
  const tier = new DiskTier({ name: db });
  const { errors } = recordEvents(tier);
  await writeBurst(tier);

  // Acknowledged means stored: uncompressed for now, counted at their raw size, listed in a note.
  const right = await onDisk(db);
  expect(right.codecs.size).toBe(burst.length);
  // (Compaction may start any time after 50 ms idle: the totals are compared once it is done.)
  expect([...right.codecs.values()].filter((c) => c === 'raw').length).toBeGreaterThan(0);
  expect(right.notes.length).toBeGreaterThan(0);

  await waitFor(async () => [...(await onDisk(db)).codecs.values()].every((c) => c === 'deflate'));
  await expectAllCompacted(db, tier);
  for (const i of [0, 57, 399]) expect(decodeValue((await tier.get(`k${i}`))!.value)).toEqual(burst[i]);
  expect(errors).toEqual([]);
  tier.close();
});

test('trim() compacts everything a burst stored before it evicts', async () => {
  const db = name('compact-trim');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  const result = await tier.trim();
  expect(result.evicted).toBe(0);
  await expectAllCompacted(db, tier);
  tier.close();
});

test('a read right after a burst neither cancels its compaction nor loses its last access', async () => {
  const db = name('compact-touch');
  let clock = 1_000;
  const tier = new DiskTier({ name: db, now: () => clock });
  await writeBurst(tier);
  clock = 5_000;
  // Read before compaction: the last-access updates wait to ride along with a later write, here
  // the last compaction transaction, the one that compacts these keys.
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

test('a later write or delete of a key wins over its compaction', async () => {
  const db = name('compact-race');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  // Straight after the acknowledgments, before the queue has been idle: these are newer writes.
  expect(await tier.set('k1', encodeValue({ replaced: true }))).toBe(true);
  expect(await tier.set('k2', encodeValue(jsonValue(9999, 4000)))).toBe(true);
  expect(await tier.delete('k3')).toBe(true);
  await tier.trim();
  expect(decodeValue((await tier.get('k1'))!.value)).toEqual({ replaced: true });
  expect(decodeValue((await tier.get('k2'))!.value)).toEqual(jsonValue(9999, 4000));
  expect(await tier.get('k3')).toBeUndefined();
  const stats = await tier.stats();
  expect(stats.entries).toBe(burst.length - 1);
  expect(await fullScan(db)).toMatchObject({ entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes });
  tier.close();
});

test('records left uncompressed when their context closed are compacted by the next one to open', async () => {
  const db = name('compact-reopen');
  const writer = new DiskTier({ name: db });
  await writeBurst(writer);
  writer.close(); // before the queue was idle long enough to compact
  await new Promise((r) => setTimeout(r, 100));
  const before = await onDisk(db);
  expect(before.notes.length).toBeGreaterThan(0);
  expect([...before.codecs.values()].some((c) => c === 'raw')).toBe(true);

  const reader = new DiskTier({ name: db });
  const { errors } = recordEvents(reader);
  await reader.stats(); // opens it
  await waitFor(async () => (await onDisk(db)).notes.length === 0);
  await expectAllCompacted(db, reader);
  for (const i of [0, 200, 399]) expect(decodeValue((await reader.get(`k${i}`))!.value)).toEqual(burst[i]);
  expect(errors).toEqual([]);
  reader.close();
});

test('a record corrupted on disk before its compaction is not given a fresh checksum: it is a miss, deleted and counted', async () => {
  const db = name('compact-corrupt');
  const writer = new DiskTier({ name: db });
  await writeBurst(writer);
  writer.close();
  await new Promise((r) => setTimeout(r, 100));
  // Flip a byte of one record still stored uncompressed (its checksum no longer holds).
  const victim = [...(await onDisk(db)).codecs].find(([, codec]) => codec === 'raw')![0];
  await rawTransaction(db, 'readwrite', async ({ bodies }) => {
    const stored = (await request(bodies.get(victim))) as { record: unknown; body: ArrayBuffer };
    const bytes = new Uint8Array(stored.body.slice(0));
    bytes[100]! ^= 0x20;
    await request(bodies.put({ ...stored, body: bytes.buffer }, victim));
  });

  const reader = new DiskTier({ name: db });
  const { errors } = recordEvents(reader);
  await reader.stats();
  await waitFor(async () => (await onDisk(db)).notes.length === 0);
  expect((await onDisk(db)).codecs.get(victim)).toBe('raw'); // left alone by compaction
  expect(await reader.get(victim)).toBeUndefined();
  expect(errors.map((e) => e.code)).toEqual(['corrupt']);
  await reader.list(); // waits for the queued delete
  const stats = await reader.stats();
  expect(stats).toMatchObject({ entries: burst.length - 1, corrupt: 1 });
  expect(await fullScan(db)).toMatchObject({ entries: stats.entries, storedBytes: stats.storedBytes });
  reader.close();
});

test('near the budget a burst is deflated before it is stored, as any batch', async () => {
  const db = name('compact-budget');
  const tier = new DiskTier({ name: db, maxBytes: 4 * 1024 * 1024 });
  await writeBurst(tier); // 1.6 MiB raw: deferred, it would not leave room under the low-water mark
  const { codecs, notes } = await onDisk(db);
  expect([...codecs.values()].every((c) => c === 'deflate')).toBe(true);
  expect(notes).toEqual([]);
  tier.close();
});

test('clear() drops the notes with the records', async () => {
  const db = name('compact-clear');
  const tier = new DiskTier({ name: db });
  await writeBurst(tier);
  await tier.clear();
  expect(await onDisk(db)).toEqual({ codecs: new Map(), notes: [] });
  expect(await tier.stats()).toMatchObject({ entries: 0, rawBytes: 0, storedBytes: 0 });
  tier.close();
});

// The transaction itself, whatever the scheduling: a last-access update in the same batch as the
// key's compaction, before or after it, neither cancels it nor is lost, and the meta stays the
// compacted one (its sizes are what the totals count).
for (const order of ['touch first', 'compaction first'] as const) {
  test(`a compaction and a touch of the same key in one transaction (${order})`, async () => {
    const db = name('compact-commit');
    const conn = await openStore(db, { onClose() {}, onVersionChange() {} });
    const value = encodeValue(jsonValue(7, 4000));
    const raw = encodeRaw(value.bytes);
    const record = { ...makeMeta('k', value, raw, 1_000, undefined), body: raw.body };
    await commit(conn, [{ type: 'put', key: 'k', record }]);
    const deflated = encodeBody(value.bytes, { minBytes: 1024, level: 6 });
    const { body: _body, ...expect0 } = record;
    const compact: WriteOp = { type: 'compact', key: 'k', expect: expect0, codec: deflated.codec, body: deflated.body, checksum: deflated.checksum };
    const touch: WriteOp = { type: 'touch', key: 'k', at: 9_000 };
    await commit(conn, order === 'touch first' ? [touch, compact] : [compact, touch]);
    const meta = await readMeta(conn, 'k');
    expect(meta).toMatchObject({ codec: 'deflate', storedBytes: deflated.body.byteLength, lastAccess: 9_000 });
    const totals = await readTotals(conn);
    expect(totals.storedBytes).toBe(deflated.body.byteLength);
    conn.close();
    expect(await fullScan(db)).toMatchObject({ entries: 1, storedBytes: deflated.body.byteLength, bodyBytes: deflated.body.byteLength });
  });
}
