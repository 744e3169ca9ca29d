// Codec rules: when deflate is used or skipped, and which stored bodies are refused as corrupt.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeBody, decodeBodyAsync, encodeBody, encodeBodyAsync, MAX_DEFLATE_RATIO, NATIVE_INFLATE_ABOVE } from '../../src/codec/index.ts';
import { decodeRecord, FORMAT_VERSION, makeMeta, type MetaRecord } from '../../src/disk/record.ts';
import { randomBytes } from '../support/bytes.ts';

const compress = { minBytes: 1024, level: 6 } as const;
const text = (n: number) => new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: i, name: `item ${i}`, ok: true }))));
const noise = (n: number) => randomBytes(n, 12345);
function stored(raw: Uint8Array, options: typeof compress | false = compress): { record: MetaRecord; body: ArrayBuffer } {
  const encoded = encodeBody(raw, options);
  return { record: makeMeta('k', { kind: 'json', bytes: raw }, encoded, 1000, undefined), body: encoded.body };
}

describe('encodeBody', () => {
  test('deflates compressible values at or above minBytes, and zlib inflates the result to the input', () => {
    const raw = text(200);
    expect(raw.byteLength).toBeGreaterThan(1024);
    const { codec, body } = encodeBody(raw, compress);
    expect(codec).toBe('deflate');
    expect(body.byteLength).toBeLessThan(raw.byteLength * MAX_DEFLATE_RATIO);
    expect(new Uint8Array(inflateRawSync(new Uint8Array(body)))).toEqual(raw);
  });

  test('stores values below minBytes raw even when they would compress', () => {
    const raw = new TextEncoder().encode('a'.repeat(1023));
    expect(encodeBody(raw, compress).codec).toBe('raw');
    expect(encodeBody(new TextEncoder().encode('a'.repeat(1024)), compress).codec).toBe('deflate');
  });

  test('stores incompressible values raw', () => {
    for (const n of [5_000, 50_000]) {
      const raw = noise(n);
      const { codec, body } = encodeBody(raw, compress);
      expect(codec).toBe('raw');
      expect(new Uint8Array(body)).toEqual(raw);
    }
  }, 30_000);

  test('a large value is probed by its middle: noisy head, compressible body → deflated', () => {
    const mostlyText = text(2000);
    expect(mostlyText.byteLength).toBeGreaterThan(16 * 1024);
    mostlyText.set(noise(2000), 0);
    const { codec, body } = encodeBody(mostlyText, compress);
    expect(codec).toBe('deflate');
    expect(new Uint8Array(inflateRawSync(new Uint8Array(body)))).toEqual(mostlyText);
  }, 30_000);

  test('stores everything raw with compress: false or level 0', () => {
    expect(encodeBody(text(200), false).codec).toBe('raw');
    expect(encodeBody(text(200), { minBytes: 0, level: 0 }).codec).toBe('raw');
  });

  test('a raw body is a copy: later changes to the input do not reach it', () => {
    const raw = new Uint8Array([1, 2, 3]);
    const { body } = encodeBody(raw, compress);
    raw[0] = 9;
    expect(Array.from(new Uint8Array(body))).toEqual([1, 2, 3]);
  });
});

describe('encodeBodyAsync (the write path: native deflate at level 6)', () => {
  test('native: raw DEFLATE that zlib and decodeBody restore exactly', async () => {
    const raw = text(2000);
    const native = await encodeBodyAsync(raw, compress, true);
    expect(native.codec).toBe('deflate');
    expect(new Uint8Array(inflateRawSync(new Uint8Array(native.body)))).toEqual(raw);
    const record = makeMeta('k', { kind: 'json', bytes: raw }, native, 1000, undefined);
    const decoded = decodeBody(record, native.body);
    expect(decoded.ok && decoded.bytes).toEqual(raw);
    expect(native.body.byteLength).toBeLessThan(raw.byteLength * MAX_DEFLATE_RATIO);
    // zlib's stream, not fflate's (a fallback to fflate would pass every check above).
    expect(new Uint8Array(native.body)).not.toEqual(new Uint8Array(encodeBody(raw, compress).body));
  });

  test('the same skip rules: below minBytes, incompressible (probed or whole), compression off', async () => {
    expect((await encodeBodyAsync(new TextEncoder().encode('a'.repeat(1023)), compress, true)).codec).toBe('raw');
    expect((await encodeBodyAsync(noise(2000), compress, true)).codec).toBe('raw');
    expect((await encodeBodyAsync(noise(60_000), compress, true)).codec).toBe('raw');
    expect((await encodeBodyAsync(text(200), false, true)).codec).toBe('raw');
    const raw = noise(2000);
    const stored = await encodeBodyAsync(raw, compress, true);
    expect(new Uint8Array(stored.body)).toEqual(raw);
    expect(stored.checksum).toBe(encodeBody(raw, compress).checksum);
  });

  test('any level but 6, or no native stream, is exactly fflate', async () => {
    const raw = text(500);
    const fflate6 = encodeBody(raw, compress);
    expect(new Uint8Array((await encodeBodyAsync(raw, compress, false)).body)).toEqual(new Uint8Array(fflate6.body));
    const level1 = { minBytes: 1024, level: 1 } as const;
    expect(new Uint8Array((await encodeBodyAsync(raw, level1, true)).body)).toEqual(new Uint8Array(encodeBody(raw, level1).body));
  });
});

describe('decodeBody', () => {
  test('returns the raw bytes of deflated and raw records', () => {
    for (const raw of [text(300), noise(2000), new Uint8Array(0)]) {
      const { record, body } = stored(raw);
      const result = decodeBody(record, body);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.bytes).toEqual(raw);
    }
  });

  test('refuses a flipped byte anywhere in the body (checksum)', () => {
    const { record, body } = stored(text(300));
    for (let i = 0; i < body.byteLength; i += 37) {
      const copy = body.slice(0);
      new Uint8Array(copy)[i]! ^= 0x10;
      expect(decodeBody(record, copy)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  test('refuses a truncated or missing body (size)', () => {
    const { record, body } = stored(text(300));
    expect(decodeBody(record, body.slice(0, body.byteLength - 1))).toEqual({ ok: false, reason: 'size' });
    expect(decodeBody(record, undefined)).toEqual({ ok: false, reason: 'missing-body' });
  });

  test('refuses a codec it does not know (written by a newer version)', () => {
    const { record, body } = stored(text(300));
    expect(decodeBody({ ...record, codec: 'brotli' as never }, body)).toEqual({ ok: false, reason: 'version' });
  });

  test('refuses a body that inflates to more or fewer bytes than recorded (no decompression bombs)', () => {
    const { record, body } = stored(text(300));
    expect(decodeBody({ ...record, rawBytes: record.rawBytes - 10 }, body)).toEqual({ ok: false, reason: 'size' });
    expect(decodeBody({ ...record, rawBytes: record.rawBytes + 10 }, body)).toEqual({ ok: false, reason: 'size' });
  });

  test('refuses a deflate stream that does not parse, even with a matching checksum', () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const { record } = stored(text(300));
    const body = garbage.slice().buffer;
    const forged: MetaRecord = { ...record, storedBytes: garbage.byteLength, checksum: encodeBody(garbage, false).checksum };
    expect(decodeBody(forged, body)).toMatchObject({ ok: false });
  });
});

describe('decodeBodyAsync (the read path: native inflate for large bodies)', () => {
  // Node has DecompressionStream('deflate-raw') as Chromium does: both paths run here.
  const large = text(2000);
  const paths = [
    ['native', true],
    ['fflate', false],
  ] as const;

  test('the large corpus value is above the native threshold and deflated', () => {
    expect(large.byteLength).toBeGreaterThan(NATIVE_INFLATE_ABOVE);
    expect(stored(large).record.codec).toBe('deflate');
  });

  for (const [label, native] of paths) {
    test(`${label}: returns exactly the raw bytes, large and small, deflated and raw`, async () => {
      for (const raw of [large, text(300), noise(40_000), new Uint8Array(0)]) {
        const { record, body } = stored(raw);
        const result = await decodeBodyAsync(record, body, native);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.bytes).toEqual(raw);
      }
    });

    test(`${label}: a body that inflates to more or fewer bytes than recorded is refused (size)`, async () => {
      const { record, body } = stored(large);
      expect(await decodeBodyAsync({ ...record, rawBytes: record.rawBytes - 10 }, body, native)).toEqual({ ok: false, reason: 'size' });
      expect(await decodeBodyAsync({ ...record, rawBytes: record.rawBytes + 10 }, body, native)).toEqual({ ok: false, reason: 'size' });
    });

    test(`${label}: a bomb (1 MiB of zeros recorded as 20 KiB) stops at the recorded size`, async () => {
      const bomb = new Uint8Array(deflateRawSync(new Uint8Array(1 << 20)));
      const { record } = stored(large);
      const forged: MetaRecord = { ...record, rawBytes: 20 * 1024, storedBytes: bomb.byteLength, checksum: encodeBody(bomb, false).checksum };
      expect(await decodeBodyAsync(forged, bomb.slice().buffer, native)).toEqual({ ok: false, reason: 'size' });
    });

    test(`${label}: a stream that does not parse is refused even with a matching checksum`, async () => {
      const garbage = new Uint8Array(4096).fill(0xff);
      const { record } = stored(large);
      const forged: MetaRecord = { ...record, storedBytes: garbage.byteLength, checksum: encodeBody(garbage, false).checksum };
      expect(await decodeBodyAsync(forged, garbage.slice().buffer, native)).toMatchObject({ ok: false });
    });

    test(`${label}: a recorded size no DEFLATE stream of this body reaches, or no size at all, is refused before allocating`, async () => {
      const { record, body } = stored(large);
      for (const rawBytes of [2 ** 40, 2 ** 53 + 1, -1, 1.5, Number.NaN, body.byteLength * 1032 + 1033]) {
        expect(await decodeBodyAsync({ ...record, rawBytes }, body, native)).toEqual({ ok: false, reason: 'size' });
        expect(decodeBody({ ...record, rawBytes }, body)).toEqual({ ok: false, reason: 'size' });
      }
    });

    test(`${label}: checksum, size and codec checks come first, as in decodeBody`, async () => {
      const { record, body } = stored(large);
      const flipped = body.slice(0);
      new Uint8Array(flipped)[100]! ^= 0x10;
      expect(await decodeBodyAsync(record, flipped, native)).toEqual({ ok: false, reason: 'checksum' });
      expect(await decodeBodyAsync(record, body.slice(0, body.byteLength - 1), native)).toEqual({ ok: false, reason: 'size' });
      expect(await decodeBodyAsync({ ...record, codec: 'brotli' as never }, body, native)).toEqual({ ok: false, reason: 'version' });
      expect(await decodeBodyAsync(record, undefined, native)).toEqual({ ok: false, reason: 'missing-body' });
    });
  }
});

describe('decodeRecord (the record format around the codec)', () => {
  test('refuses a future format version and an unknown kind before the body is looked at', async () => {
    const { record, body } = stored(text(300));
    expect(await decodeRecord({ ...record, v: FORMAT_VERSION + 1 }, body)).toEqual({ ok: false, reason: 'version' });
    expect(await decodeRecord({ ...record, kind: 'map' as never }, body)).toEqual({ ok: false, reason: 'kind' });
    expect(await decodeRecord(record, undefined)).toEqual({ ok: false, reason: 'missing-body' });
    const decoded = await decodeRecord(record, body);
    expect(decoded.ok && decoded.bytes).toEqual(text(300));
  });
});

describe('makeMeta', () => {
  test('records sizes, times and expiry (none without a TTL)', () => {
    const raw = text(300);
    const encoded = encodeBody(raw, compress);
    const record = makeMeta('k', { kind: 'json', bytes: raw }, encoded, 5000, 100);
    expect(record).toMatchObject({ key: 'k', v: FORMAT_VERSION, codec: 'deflate', rawBytes: raw.byteLength, storedBytes: encoded.body.byteLength, createdAt: 5000, lastAccess: 5000, expiresAt: 5100 });
    // No TTL: no expiresAt at all, so the record takes no entry in the expiry index.
    expect('expiresAt' in makeMeta('k', { kind: 'json', bytes: raw }, encoded, 5000, undefined)).toBe(false);
  });
});
