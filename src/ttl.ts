// One rule for `ttlMs` everywhere it is accepted (createCache, set, serveCache routes, MemoryLru,
// DiskTier, the page↔worker protocol): a number > 0, Infinity meaning "never expires", as
// omitting it does. 0 is refused rather than read as "no expiry" (lru-cache's reading) or as
// "stale on arrival" (which no get would ever return): either reading would surprise someone.

/** Throws a TypeError (not a number) or RangeError (NaN, 0, negative) naming `name`; passes undefined. */
export function checkTtlMs(value: unknown, name = 'ttlMs'): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  if (!(value > 0)) throw new RangeError(`${name} must be > 0 (Infinity = never expires), got ${value}`);
}

/** The expiry time of an entry written at `now`: Infinity when it never expires. */
export function expiryOf(now: number, ttlMs: number | undefined): number {
  return ttlMs === undefined || ttlMs === Infinity ? Infinity : now + ttlMs;
}
