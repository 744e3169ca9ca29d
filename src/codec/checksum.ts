// Adler-32 (RFC 1950) of stored record bodies. Chosen over CRC-32 because it runs at memory
// speed in JS (no table lookups, one modulo per 5552 bytes) and a get verifies it on every hit.
// It detects every single-byte change and truncation; it is a corruption check, not a MAC.

const MOD = 65521;
// Largest n such that 255n(n+1)/2 + (n+1)(MOD-1) fits in 2^32 - 1: sums can wait that long for a modulo.
const NMAX = 5552;

/** Adler-32 of `bytes`, as an unsigned 32-bit integer. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const end = Math.min(i + NMAX, length);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
