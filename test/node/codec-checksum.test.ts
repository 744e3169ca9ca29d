// adler32 matches zlib's (the trailer of a zlib stream is the Adler-32 of its input).
import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { adler32 } from '../../src/codec/checksum.ts';

function zlibAdler(bytes: Uint8Array): number {
  const z = deflateSync(bytes);
  return z.readUInt32BE(z.length - 4);
}

describe('adler32', () => {
  test('equals zlib on empty, short, 0xff-heavy and > NMAX inputs', () => {
    const inputs = [
      new Uint8Array(0),
      new TextEncoder().encode('Wikipedia'),
      new Uint8Array(5552).fill(0xff),
      new Uint8Array(5553).fill(0xff),
      new Uint8Array(100_000).fill(0xff),
      Uint8Array.from({ length: 70_001 }, (_, i) => (i * 2654435761) >>> 24),
    ];
    for (const input of inputs) expect(adler32(input)).toBe(zlibAdler(input));
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  test('changes when any single byte flips', () => {
    const base = Uint8Array.from({ length: 4096 }, (_, i) => i & 0xff);
    const sum = adler32(base);
    for (let i = 0; i < base.length; i += 97) {
      const copy = base.slice();
      copy[i]! ^= 0x01;
      expect(adler32(copy)).not.toBe(sum);
    }
  });
});
