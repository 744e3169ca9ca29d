// A record with flipped bytes, a truncated body, a future format version or no readable metadata
// is a miss: it is deleted, counted, reported as an `error` with code 'corrupt', never served or thrown.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, FORMAT_VERSION, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, jsonValue, rawTransaction, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

type Body = { record: { v: number; storedBytes: number; rawBytes: number }; body: ArrayBuffer };
async function tamper(name: string, key: string, change: (b: Body) => unknown): Promise<void> {
  await rawTransaction(name, 'readwrite', async ({ bodies }) => {
    const current = (await request(bodies.get(key))) as Body;
    await request(bodies.put(change(current) as Body, key));
  });
}

const cases: [string, (b: Body) => unknown][] = [
  ['a flipped byte', (b) => {
    const bytes = new Uint8Array(b.body.slice(0));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    return { ...b, body: bytes.buffer };
  }],
  ['a truncated body', (b) => ({ ...b, body: b.body.slice(0, b.body.byteLength - 7) })],
  ['a future format version', (b) => ({ ...b, record: { ...b.record, v: FORMAT_VERSION + 1 } })],
  ['no readable metadata', (b) => ({ body: b.body })],
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
    expect(scan).toMatchObject({ entries: 1, bodies: 1, storedBytes: stats.storedBytes, rawBytes: stats.rawBytes });
    // Asking again finds nothing (it is gone, not re-reported) and the good record still reads.
    await expect(tier.get('bad')).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((await tier.get('good'))?.value.kind).toBe('json');
    tier.close();
  });
}

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
