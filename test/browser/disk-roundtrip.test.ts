// Every value kind survives set → (reopen) → get byte for byte and decodes to an equal value.
import { afterEach, describe, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { BLOB_BODY_BYTES } from '../../src/disk/store/schema.ts';
import { deleteDatabase, fullScan, jsonValue, randomBytes, rawTransaction, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterEach(async () => {
  await Promise.all(names.splice(0).map(deleteDatabase));
});

const bytes = randomBytes(3000, 7);
const values: [string, unknown][] = [
  ['json object (compressible, > minBytes)', jsonValue(1, 8000)],
  ['json small', { a: 1, b: [true, null, 'x'] }],
  ['string', 'héllo wörld '.repeat(300)],
  ['empty string', ''],
  ['ArrayBuffer', bytes.slice().buffer],
  ['DataView', new DataView(bytes.slice(0, 64).buffer)],
  ['Int8Array', new Int8Array([-1, 2, -3])],
  ['Uint8Array', bytes.slice(0, 2000)],
  ['Uint8ClampedArray', new Uint8ClampedArray([0, 128, 255])],
  ['Int16Array', new Int16Array([-32768, 0, 32767])],
  ['Uint16Array', new Uint16Array(2000).fill(513)],
  ['Int32Array', new Int32Array([-2147483648, 2147483647])],
  ['Uint32Array', new Uint32Array([0, 4294967295])],
  ['Float32Array', new Float32Array([1.5, -0, Infinity])],
  ['Float64Array', new Float64Array([Math.PI, NaN, -Infinity])],
  ['BigInt64Array', new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n])],
  ['BigUint64Array', new BigUint64Array([0n, 2n ** 64n - 1n])],
];

describe('DiskTier round trip', () => {
  test('every value kind reads back from a fresh instance byte for byte', async () => {
    const name = uniqueName('roundtrip');
    names.push(name);
    const writer = new DiskTier({ name });
    const stored = await Promise.all(values.map(([label, value]) => writer.set(label, encodeValue(value))));
    expect(stored.every(Boolean)).toBe(true);
    writer.close();

    const reader = new DiskTier({ name });
    for (const [label, value] of values) {
      const hit = await reader.get(label);
      expect(hit, label).toBeDefined();
      const expected = encodeValue(value);
      expect(hit!.value.kind, label).toBe(expected.kind);
      expect(Array.from(hit!.value.bytes), label).toEqual(Array.from(expected.bytes));
      const decoded = decodeValue(hit!.value);
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        expect(decoded, label).toBeInstanceOf(value.constructor);
        expect(Array.from(decoded as Iterable<unknown>), label).toEqual(Array.from(value as unknown as Iterable<unknown>));
      } else if (value instanceof DataView || value instanceof ArrayBuffer) {
        const view = value instanceof DataView ? new Uint8Array(value.buffer) : new Uint8Array(value);
        const got = decoded instanceof DataView ? new Uint8Array(decoded.buffer) : new Uint8Array(decoded as ArrayBuffer);
        expect(Array.from(got), label).toEqual(Array.from(view));
      } else {
        expect(decoded, label).toEqual(value);
      }
    }
    reader.close();
  });

  test('a response keeps its metadata and body', async () => {
    const name = uniqueName('roundtrip-response');
    names.push(name);
    const tier = new DiskTier({ name });
    const body = new TextEncoder().encode(JSON.stringify(jsonValue(2, 5000)));
    const meta = { url: 'https://example.test/api/x', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] as [string, string][] };
    expect(await tier.set('/api/x', { kind: 'response', bytes: body, meta })).toBe(true);
    tier.close();
    const again = new DiskTier({ name });
    const hit = await again.get('/api/x');
    expect(hit?.value.meta).toEqual(meta);
    expect(hit?.info.meta).toEqual(meta);
    expect(Array.from(hit!.value.bytes)).toEqual(Array.from(body));
    const [info] = await again.list();
    expect(info?.meta).toEqual(meta);
    again.close();
  });

  test('a write is readable before its transaction completes, and from disk after', async () => {
    const name = uniqueName('roundtrip-ryw');
    names.push(name);
    const tier = new DiskTier({ name });
    const pending = tier.set('k', encodeValue('v1'));
    expect(decodeValue((await tier.get('k'))!.value)).toBe('v1');
    const deleting = tier.delete('k');
    expect(await tier.get('k')).toBeUndefined();
    expect(await pending).toBe(true);
    expect(await deleting).toBe(true);
    expect(await tier.has('k')).toBe(false);
    expect(await tier.set('k', encodeValue('v2'))).toBe(true);
    tier.close();
    const again = new DiskTier({ name });
    expect(decodeValue((await again.get('k'))!.value)).toBe('v2');
    again.close();
  });
});

describe('how bodies are stored', () => {
  test('a stored body of 8 KiB or more is a Blob in IndexedDB and reads back byte for byte, across a reopen; a smaller one is bytes', async () => {
    const name = uniqueName('roundtrip-blob');
    names.push(name);
    const large = randomBytes(BLOB_BODY_BYTES + 500, 11); // incompressible: stored as it is
    const writer = new DiskTier({ name });
    expect(await writer.set('large', encodeValue(large))).toBe(true);
    expect(await writer.set('small', encodeValue(large.slice(0, 2000)))).toBe(true);
    writer.close();
    const stored = await rawTransaction(name, 'readonly', ({ bodies }) => Promise.all([request(bodies.get('large')), request(bodies.get('small'))]));
    expect(stored[0]).toBeInstanceOf(Blob);
    expect(stored[1]).toBeInstanceOf(ArrayBuffer);
    const reader = new DiskTier({ name });
    expect(Array.from((await reader.get('large'))!.value.bytes)).toEqual(Array.from(large));
    expect(Array.from((await reader.get('small'))!.value.bytes)).toEqual(Array.from(large.slice(0, 2000)));
    reader.close();
  });

  test("entries as tiercache 0.1 wrote them ({ record, body } beside the meta) still read, and are replaced in today's form", async () => {
    const name = uniqueName('roundtrip-v01');
    names.push(name);
    const tier = new DiskTier({ name });
    const value = jsonValue(5, 6000);
    expect(await tier.set('old', encodeValue(value))).toBe(true);
    tier.close();
    await rawTransaction(name, 'readwrite', async ({ meta, bodies }) => {
      const [record, body] = await Promise.all([request(meta.get('old')), request(bodies.get('old'))]);
      expect(body).toBeInstanceOf(ArrayBuffer);
      await request(bodies.put({ record, body }, 'old'));
    });
    const again = new DiskTier({ name });
    expect(decodeValue((await again.get('old'))!.value)).toEqual(value);
    expect(await again.set('old', encodeValue('new'))).toBe(true);
    expect(await rawTransaction(name, 'readonly', ({ bodies }) => request(bodies.get('old')))).toBeInstanceOf(ArrayBuffer);
    expect(await fullScan(name)).toMatchObject({ entries: 1, bodies: 1 });
    again.close();
  });
});
