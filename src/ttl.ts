// One rule for `ttlMs` everywhere it is accepted (createCache, set, serveCache routes, MemoryLru,
// DiskTier, the page↔worker protocol): a number >= 0. Infinity means "never expires", as omitting
// it does. 0 means "stale on arrival": stored, but served only where a stale copy is allowed
// (offline, stale-while-revalidate, `allowStale`), so a route with ttlMs 0 revalidates every time
// and still answers offline. (lru-cache reads ttl 0 as "no expiry": not here.)

/** Throws a TypeError (not a number) or RangeError (NaN, negative) naming `name`; passes undefined. */
export function checkTtlMs(value: unknown, name = 'ttlMs'): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${value === null ? 'null' : typeof value}`);
  if (!(value >= 0)) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

/** The expiry time of an entry written at `now`: Infinity when it never expires. */
export function expiryOf(now: number, ttlMs: number | undefined): number {
  return ttlMs === undefined || ttlMs === Infinity ? Infinity : now + ttlMs;
}
