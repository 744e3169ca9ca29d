// The crash suite's seeded workload (issue 18), shared by the page that runs it
// (e2e-pages/crash.ts) and the checker that regenerates every value it wrote (check.mjs).
// Pure: no browser, no clock.

/** Keys the workload writes: few enough that every key sees sets, deletes and clears. */
export const KEY_COUNT = 40;
/** The disk budget of the crash cache: small, so eviction runs all the time. */
export const CRASH_BUDGET = 192 << 10;
/** The largest entry the crash cache takes (the default, a quarter of the budget, would refuse the largest writes). */
export const CRASH_MAX_ENTRY = 96 << 10;
/** The CDP quota of the quota seeds (odd seeds): near the budget, so quota errors come. */
export const CRASH_QUOTA = 512 << 10;

/** mulberry32: a small seeded generator, [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const keyName = (i) => `k${i}`;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The value of write `id` (`size` chars): its id first, then seeded text (deflates to about 60%). */
export function valueOf(id, size) {
  const rng = prng(id * 2654435761);
  const head = `${id}|`;
  let s = head;
  while (s.length < size) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
  return s.slice(0, Math.max(size, head.length));
}

/** The write id a stored value names (NaN when it names none). */
export const idOf = (value) => (typeof value === 'string' ? Number(value.slice(0, value.indexOf('|'))) : NaN);

/** Mixed sizes: most small, some tens of kB, a few up to 90 kB (a quarter of the budget is the largest entry). */
function size(rng) {
  const r = rng();
  if (r < 0.6) return 50 + Math.floor(rng() * 2000);
  if (r < 0.9) return 2000 + Math.floor(rng() * 38_000);
  return 40_000 + Math.floor(rng() * 50_000);
}

/**
 * The next step of the workload: a set (awaited or not), a delete, a clear, a burst of sets
 * issued in one task, a read, or a pause. `nextId` numbers the sets.
 */
export function nextStep(rng, nextId) {
  const r = rng();
  const key = keyName(Math.floor(rng() * KEY_COUNT));
  const wait = rng() < 0.6;
  if (r < 0.5) return { op: 'set', key, id: nextId(), size: size(rng), wait };
  if (r < 0.65) return { op: 'delete', key, wait };
  if (r < 0.67) return { op: 'clear', wait };
  if (r < 0.8) {
    const n = 5 + Math.floor(rng() * 25);
    const sets = Array.from({ length: n }, () => ({ key: keyName(Math.floor(rng() * KEY_COUNT)), id: nextId(), size: size(rng) }));
    return { op: 'burst', sets, wait };
  }
  if (r < 0.9) return { op: 'get', key };
  return { op: 'pause', ms: Math.floor(rng() * 30) };
}
