// A record with flipped bytes, a truncated body, a future format version or an unknown value kind
// is a miss: it is deleted, counted, reported as an `error` with code 'corrupt', never served or thrown.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, FORMAT_VERSION, encodeValue } from '../../src/disk/index.ts';
import { BLOB_BODY_BYTES } from '../../src/disk/store/schema.ts';
import { deleteDatabase, fullScan, jsonValue, randomBytes, rawTransaction, readBody, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

type Body = { record: { key: string; v: number; storedBytes: number; rawBytes: number }; body: ArrayBuffer };
/** Rewrites an entry's meta and stored bytes through `change` (a Blob body is written back as a Blob). */
async function tamper(name: string, key: string, change: (b: Body) => Partial<Body>): Promise<void> {
  const [record, stored] = await rawTransaction(name, 'readonly', ({ meta, bodies }) => Promise.all([request(meta.get(key)), request(bodies.get(key))]));
  const changed = change({ record: record as Body['record'], body: (await readBody(name, key))! });
  await rawTransaction(name, 'readwrite', ({ meta, bodies }) => {
    if (changed.record) meta.put(changed.record);
    if (changed.body) bodies.put(stored instanceof Blob ? new Blob([changed.body]) : changed.body, key);
  });
}

const cases: [string, (b: Body) => Partial<Body>][] = [
  ['a flipped byte', (b) => {
    const bytes = new Uint8Array(b.body.slice(0));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    return { ...b, body: bytes.buffer };
  }],
  ['a truncated body', (b) => ({ ...b, body: b.body.slice(0, b.body.byteLength - 7) })],
  ['a future format version', (b) => ({ ...b, record: { ...b.record, v: FORMAT_VERSION + 1 } })],
  ['a value kind this version does not know', (b) => ({ record: { ...b.record, kind: 'no-such-kind' } as Body['record'] })],
  // The checksum holds (the body is intact) but it inflates to more / fewer bytes than recorded.
  ['a recorded size too small', (b) => ({ ...b, record: { ...b.record, rawBytes: b.record.rawBytes - 10 } })],
  ['a recorded size too large', (b) => ({ ...b, record: { ...b.record, rawBytes: b.record.rawBytes + 10 } })],
];

// 6 KB values inflate with fflate; 40 KB ones with the browser's DecompressionStream (codec.ts).
for (const [label, change] of cases) for (const size of [6000, 40_000]) {
  test(`a record with ${label} is a miss, deleted and counted (${size / 1000} KB value)`, async () => {
    const name = uniqueName('corrupt');
    names.push(name);
    const tier = new DiskTier({ name });
    const { errors } = recordEvents(tier);
    expect(await tier.set('bad', encodeValue(jsonValue(1, size)))).toBe(true);
    expect(await tier.set('good', encodeValue(jsonValue(2, size)))).toBe(true);
    await tamper(name, 'bad', change);

    await expect(tier.get('bad')).resolves.toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['corrupt']);
    await tier.list(); // waits for the queued delete
    const stats = await tier.stats();
    expect(stats.corrupt).toBe(1);
    expect(stats.entries).toBe(1);
    expect((await tier.list()).map((i) => i.key)).toEqual(['good']);
    const scan = await fullScan(name);
    expect(scan).toMatchObject({ entries: 1, bodies: 1, storedBytes: stats.storedBytes });
    // The totals take a deleted record's sizes from its meta: where that meta lies about them, so do they.
    if (!label.startsWith('a recorded size')) expect(scan.rawBytes).toBe(stats.rawBytes);
    // Asking again finds nothing (it is gone, not re-reported) and the good record still reads.
    await expect(tier.get('bad')).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((await tier.get('good'))?.value.kind).toBe('json');
    tier.close();
  });
}

test('a body stored as a Blob is checked the same: a flipped byte is a miss, deleted and counted', async () => {
  const name = uniqueName('corrupt-blob');
  names.push(name);
  const tier = new DiskTier({ name });
  const { errors } = recordEvents(tier);
  expect(await tier.set('bad', encodeValue(randomBytes(BLOB_BODY_BYTES + 100, 3)))).toBe(true);
  expect(await rawTransaction(name, 'readonly', ({ bodies }) => request(bodies.get('bad')))).toBeInstanceOf(Blob);
  await tamper(name, 'bad', cases[0]![1]);
  await expect(tier.get('bad')).resolves.toBeUndefined();
  expect(errors.map((e) => e.code)).toEqual(['corrupt']);
  await tier.list();
  expect(await tier.stats()).toMatchObject({ corrupt: 1, entries: 0 });
  expect(await fullScan(name)).toMatchObject({ entries: 0, bodies: 0 });
  tier.close();
});

test('a corrupt record found twice before its delete runs is counted once', async () => {
  const name = uniqueName('corrupt-twice');
  names.push(name);
  const tier = new DiskTier({ name });
  await tier.set('bad', encodeValue(jsonValue(3, 3000)));
  await tamper(name, 'bad', cases[0]![1]);
  await Promise.all([tier.get('bad'), tier.get('bad')]);
  await tier.list();
  expect((await tier.stats()).corrupt).toBe(1);
  tier.close();
});

test('a newer write of the same key is not deleted by the drop of the corrupt one', async () => {
  const name = uniqueName('corrupt-race');
  names.push(name);
  const tier = new DiskTier({ name });
  await tier.set('k', encodeValue(jsonValue(4, 3000)));
  await tamper(name, 'k', cases[0]![1]);
  const reading = tier.get('k');
  const writing = tier.set('k', encodeValue('fresh'));
  expect(await reading).toSatisfy((hit) => hit === undefined || hit.value.kind === 'string');
  expect(await writing).toBe(true);
  await tier.list();
  const hit = await tier.get('k');
  expect(new TextDecoder().decode(hit!.value.bytes)).toBe('fresh');
  tier.close();
});
