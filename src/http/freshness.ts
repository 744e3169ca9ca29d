// How long a stored response stays fresh, as a private cache computes it (RFC 9111 §4.2):
// Cache-Control parsed, HTTP dates read strictly, the freshness lifetime from max-age, Expires
// or a heuristic, and the age the response already had when it arrived. Pure functions over
// headers and a clock; a leaf of src/http (node tests: test/node/http-freshness.test.ts).

type HeaderGetter = { get(name: string): string | null };

/** Cache-Control directives by lower-case name; a directive without an argument maps to ''. */
export type Directives = Map<string, string>;

/** Parses Cache-Control (the first of a repeated directive wins; quoted arguments unquoted). */
export function parseCacheControl(value: string | null): Directives {
  const out: Directives = new Map();
  if (!value) return out;
  // Commas inside a quoted argument (no-cache="a, b") do not split.
  for (const part of value.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const eq = part.indexOf('=');
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!name || out.has(name)) continue;
    let arg = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) arg = arg.slice(1, -1).replace(/\\(.)/g, '$1');
    out.set(name, arg);
  }
  return out;
}

/** RFC 9111 §1.2.2: delta-seconds caps at 2^31. */
const MAX_DELTA_SECONDS = 2 ** 31;

/** A delta-seconds argument in seconds; undefined when absent or malformed (negative, decimal, empty). */
export function deltaSeconds(arg: string | null | undefined): number | undefined {
  if (arg === null || arg === undefined || !/^\d+$/.test(arg)) return undefined;
  return Math.min(Number(arg), MAX_DELTA_SECONDS);
}

/**
 * An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, RFC 850 or asctime, each opening with the day's
 * name) in ms; undefined for anything else ("0", "-1", a bare year, an ISO date).
 */
export function httpDate(value: string | null): number | undefined {
  const v = value?.trim();
  if (!v || !/^[A-Z][a-z]{2}/.test(v)) return undefined;
  const ms = Date.parse(v.endsWith('GMT') ? v : `${v} GMT`); // asctime has no zone: it is GMT
  return Number.isNaN(ms) ? undefined : ms;
}

/** Statuses heuristically cacheable by default (RFC 9110 §15.1). */
export const HEURISTIC_STATUSES = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];
/** The heuristic's fraction of the time since Last-Modified, and its cap (a day). */
export const HEURISTIC_FRACTION = 0.1;
export const HEURISTIC_CAP_MS = 24 * 3600_000;

/**
 * The freshness lifetime in ms (RFC 9111 §4.2.1), as a private cache: `max-age` (s-maxage is a
 * shared cache's), a malformed or negative one meaning stale; else `Expires` minus `Date` (an
 * invalid Expires, such as "0", is in the past); else 10% of `Date` − `Last-Modified`, at most a
 * day, when the status (or `public`) allows a heuristic; else 0.
 */
export function lifetimeMs(headers: HeaderGetter, status: number, responseTime: number, cc = parseCacheControl(headers.get('cache-control'))): number {
  if (cc.has('max-age')) return (deltaSeconds(cc.get('max-age')) ?? 0) * 1000;
  const date = httpDate(headers.get('date')) ?? responseTime;
  const expires = headers.get('expires');
  if (expires !== null) {
    const at = httpDate(expires);
    return at === undefined ? 0 : Math.max(0, at - date);
  }
  const modified = httpDate(headers.get('last-modified'));
  if (modified !== undefined && (HEURISTIC_STATUSES.includes(status) || cc.has('public'))) {
    return Math.min(HEURISTIC_CAP_MS, Math.max(0, (date - modified) * HEURISTIC_FRACTION));
  }
  return 0;
}

/**
 * The age a response had when it arrived (RFC 9111 §4.2.3): the larger of its `Age` and the
 * time since its `Date` (never negative: a server clock ahead of ours adds nothing).
 */
export function initialAgeMs(headers: HeaderGetter, responseTime: number): number {
  const date = httpDate(headers.get('date'));
  const apparent = date === undefined ? 0 : Math.max(0, responseTime - date);
  return Math.max(apparent, (deltaSeconds(headers.get('age')) ?? 0) * 1000);
}

/**
 * Freshness of a response stored now, in ms: the route's `ttlMs` when given (Infinity: never
 * expires); else 0 for `no-cache`; else its lifetime less the age it arrived with, never below 0
 * (0: stored, but stale at once). A 304's refresh passes the age the 304 arrived with.
 */
export function freshnessMs(
  routeTtlMs: number | undefined,
  response: { status: number; headers: HeaderGetter },
  now: number,
  arrivedAgeMs = initialAgeMs(response.headers, now),
): number {
  if (routeTtlMs !== undefined) return routeTtlMs;
  const cc = parseCacheControl(response.headers.get('cache-control'));
  if (cc.has('no-cache')) return 0;
  return Math.max(0, lifetimeMs(response.headers, response.status, now, cc) - arrivedAgeMs);
}
