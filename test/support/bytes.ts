// Seeded incompressible bytes (xorshift32) for tests in node and in the Vitest browser project
// alike. (e2e/support/inpage.ts keeps its own copy: it runs as an in-page script.)

/** `n` incompressible bytes, the same for the same seed. */
export function randomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
