// Dictionary compression (src/codec/dictionary.ts) and when a cache trains one
// (src/dictionary/dictionaries.ts): bodies round-trip through both inflaters and through node's
// zlib, a body is never decoded without its dictionary, and training and drift follow their rules.
import { inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeBody, decodeBodyAsync, deflateWithDictionary, encodeBody, MAX_DICTIONARY_BYTES, NATIVE_INFLATE_ABOVE, resolveCompress, storedBlockHeader, trainDictionary } from '../../src/codec/index.ts';
import { DRIFT_FACTOR, DRIFT_WINDOW, Trainer } from '../../src/dictionary/dictionaries.ts';
import { randomBytes } from '../support/bytes.ts';

const encoder = new TextEncoder();
/** A page of a product API: the same keys and vocabulary in every page, different values. */
function page(seed: number, items: number): Uint8Array {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const list = Array.from({ length: items }, (_, i) => {
    const n = (seed * 7919 + i * 104729) >>> 0;
    return { id: seed * 1000 + i, sku: `SKU-${(n % 1e6).toString(36)}`, name: `${words[n % 8]} ${words[(n >> 3) % 8]}`, price: (n % 10000) / 100, inStock: n % 3 !== 0, category: words[(n >> 5) % 8] };
  });
  return encoder.encode(JSON.stringify({ page: seed, pageSize: items, items: list, links: { self: `/api/products?page=${seed}`, next: `/api/products?page=${seed + 1}` } }));
}
const dictionaryFrom = (first: number, count: number, items: number) => trainDictionary(Array.from({ length: count }, (_, i) => page(first + i, items)));
const stamp = (raw: Uint8Array, body: ArrayBuffer, checksum: number, codec: 'deflate-dict' = 'deflate-dict') => ({ codec, rawBytes: raw.byteLength, storedBytes: body.byteLength, checksum });

describe('trainDictionary', () => {
  test('concatenates the samples, most recent last, cut to the last 32 KiB', () => {
    const a = new Uint8Array(20_000).fill(1);
    const b = new Uint8Array(20_000).fill(2);
    const dictionary = trainDictionary([a, b]);
    expect(dictionary.byteLength).toBe(MAX_DICTIONARY_BYTES);
    expect(dictionary.slice(-20_000).every((x) => x === 2)).toBe(true);
    expect(dictionary.slice(0, MAX_DICTIONARY_BYTES - 20_000).every((x) => x === 1)).toBe(true);
    expect(trainDictionary([Uint8Array.of(1, 2), Uint8Array.of(3)])).toEqual(Uint8Array.of(1, 2, 3));
  });
});

describe('deflateWithDictionary', () => {
  const dictionary = dictionaryFrom(1, 24, 12);
  const raw = page(100, 12); // about 1.7 KB

  test('node zlib (the reference) inflates its output with the same dictionary to the input', () => {
    const encoded = deflateWithDictionary(raw, dictionary, 6)!;
    expect(encoded.codec).toBe('deflate-dict');
    expect(new Uint8Array(inflateRawSync(encoded.body, { dictionary }))).toEqual(raw);
  });

  test('stores a small body of the same shape in much less than deflate alone', () => {
    const plain = encodeBody(raw, { minBytes: 0, level: 6 }).body.byteLength;
    const withDictionary = deflateWithDictionary(raw, dictionary, 6)!.body.byteLength;
    expect(withDictionary).toBeLessThan(plain * 0.75);
  });

  test('gives up (undefined) where deflate does not save 10%', () => {
    expect(deflateWithDictionary(randomBytes(4096, 99), dictionary, 6)).toBeUndefined();
  });
});

describe('decoding a dictionary body', () => {
  const dictionary = dictionaryFrom(1, 4, 150);
  const small = page(200, 12);
  const large = page(201, 300);

  test('the large body is above the native threshold, so both inflaters are exercised', () => {
    expect(large.byteLength).toBeGreaterThan(NATIVE_INFLATE_ABOVE);
  });

  for (const native of [true, false]) {
    test(`${native ? 'native (dictionary as a stored block first)' : 'fflate'}: exactly the raw bytes, small and large`, async () => {
      for (const raw of [small, large]) {
        const { body, checksum } = deflateWithDictionary(raw, dictionary, 6)!;
        expect(await decodeBodyAsync(stamp(raw, body, checksum), body, native, dictionary)).toEqual({ ok: true, bytes: raw });
      }
    });

    test(`${native ? 'native' : 'fflate'}: without its dictionary a body is refused ('dictionary'), never inflated`, async () => {
      const { body, checksum } = deflateWithDictionary(large, dictionary, 6)!;
      expect(await decodeBodyAsync(stamp(large, body, checksum), body, native)).toEqual({ ok: false, reason: 'dictionary' });
    });

    test(`${native ? 'native' : 'fflate'}: a recorded size the body does not inflate to is refused (size)`, async () => {
      const { body, checksum } = deflateWithDictionary(large, dictionary, 6)!;
      const s = stamp(large, body, checksum);
      expect(await decodeBodyAsync({ ...s, rawBytes: s.rawBytes - 1 }, body, native, dictionary)).toEqual({ ok: false, reason: 'size' });
      expect(await decodeBodyAsync({ ...s, rawBytes: s.rawBytes + 1 }, body, native, dictionary)).toEqual({ ok: false, reason: 'size' });
    });
  }

  test('the synchronous decodeBody agrees, and checks the body checksum before anything else', () => {
    const { body, checksum } = deflateWithDictionary(small, dictionary, 6)!;
    expect(decodeBody(stamp(small, body, checksum), body, dictionary)).toEqual({ ok: true, bytes: small });
    expect(decodeBody(stamp(small, body, checksum ^ 1), body, dictionary)).toEqual({ ok: false, reason: 'checksum' });
  });

  test('a stored block of the dictionary, then the body, is a raw DEFLATE stream of dictionary + raw (node zlib)', () => {
    const { body } = deflateWithDictionary(large, dictionary, 6)!;
    const stream = Buffer.concat([storedBlockHeader(dictionary), dictionary, new Uint8Array(body)]);
    const out = new Uint8Array(inflateRawSync(stream));
    expect(out.subarray(0, dictionary.byteLength)).toEqual(dictionary);
    expect(out.subarray(dictionary.byteLength)).toEqual(large);
  });
});

describe('Trainer', () => {
  test('is due once 32 KiB of samples were seen, keeping only the most recent 32 KiB', () => {
    const trainer = new Trainer();
    const body = new Uint8Array(10_000).fill(7);
    for (let i = 0; i < 3; i++) trainer.sample(body);
    expect(trainer.due(false)).toBe(false);
    trainer.sample(new Uint8Array(10_000).fill(9));
    expect(trainer.due(false)).toBe(true);
    expect(trainer.due(true)).toBe(false); // a dictionary in use is kept until it drifts
    for (let i = 0; i < 10; i++) trainer.sample(new Uint8Array(10_000).fill(i));
    const dictionary = trainer.train();
    expect(dictionary.byteLength).toBe(MAX_DICTIONARY_BYTES);
    expect(dictionary.at(-1)).toBe(9);
  });

  test('retrains when a window of bodies compresses DRIFT_FACTOR worse than the first window after training', () => {
    const trainer = new Trainer();
    for (let i = 0; i < 4; i++) trainer.sample(new Uint8Array(10_000));
    trainer.train();
    const window = (ratio: number) => {
      for (let i = 0; i < DRIFT_WINDOW; i++) trainer.measure(1000, Math.round(1000 * ratio));
    };
    window(0.25); // the baseline
    window(0.25 * DRIFT_FACTOR * 0.98);
    expect(trainer.due(true)).toBe(false);
    window(0.25 * DRIFT_FACTOR * 1.05);
    expect(trainer.due(true)).toBe(true);
    trainer.train();
    expect(trainer.due(true)).toBe(false);
  });
});

test('compress.dictionary is a boolean, on by default; unknown compress keys are a TypeError', () => {
  expect(resolveCompress(undefined)).toEqual({ minBytes: 1024, level: 6, dictionary: true });
  expect(resolveCompress({ dictionary: false })).toEqual({ minBytes: 1024, level: 6, dictionary: false });
  expect(() => resolveCompress({ dictionary: 'yes' })).toThrow(TypeError);
  expect(() => resolveCompress({ dictonary: true })).toThrow(/unknown option 'dictonary' \(did you mean 'dictionary'\?\)/);
});
