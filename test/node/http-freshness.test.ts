// RFC 9111 §4.2 freshness as src/http/freshness.ts computes it, one rule per test.
import { describe, expect, test } from 'vitest';
import { ageSeconds } from '../../src/http/cacheability.ts';
import { deltaSeconds, freshnessMs, httpDate, initialAgeMs, lifetimeMs, parseCacheControl } from '../../src/http/freshness.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const at = (ms: number) => new Date(ms).toUTCString();
const response = (headers: Record<string, string>, status = 200) => ({ status, headers: new Headers(headers) });
const fresh = (headers: Record<string, string>, status = 200, ttl?: number) => freshnessMs(ttl, response(headers, status), NOW);

describe('route ttlMs', () => {
  test("a route's ttlMs wins over everything the response says", () => {
    expect(fresh({ 'Cache-Control': 'max-age=60' }, 200, 5000)).toBe(5000);
    expect(fresh({ 'Cache-Control': 'no-cache' }, 200, 5000)).toBe(5000);
    expect(fresh({}, 200, Infinity)).toBe(Infinity);
    expect(fresh({ 'Cache-Control': 'max-age=60' }, 200, 0)).toBe(0);
  });
});

describe('max-age', () => {
  test('max-age gives the lifetime; s-maxage is a shared cache\'s and is ignored', () => {
    expect(fresh({ 'Cache-Control': 'public, max-age=60' })).toBe(60_000);
    expect(fresh({ 'Cache-Control': 's-maxage=600, max-age=60' })).toBe(60_000);
    expect(fresh({ 'Cache-Control': 's-maxage=600' })).toBe(0);
  });
  test('a negative, decimal, empty or malformed max-age means stale', () => {
    for (const cc of ['max-age=-1', 'max-age=1.5', 'max-age=', 'max-age', 'max-age=abc', 'max-age=60s']) expect(fresh({ 'Cache-Control': cc }), cc).toBe(0);
  });
  test('max-age beats Expires; a quoted max-age is read; the first of two wins', () => {
    expect(fresh({ 'Cache-Control': 'max-age=10', Expires: at(NOW + 3600_000), Date: at(NOW) })).toBe(10_000);
    expect(fresh({ 'Cache-Control': 'max-age="30"' })).toBe(30_000);
    expect(fresh({ 'Cache-Control': 'max-age=30, max-age=90' })).toBe(30_000);
  });
  test('a huge max-age caps at 2^31 seconds', () => {
    expect(deltaSeconds('99999999999999999999')).toBe(2 ** 31);
  });
  test('no-cache means stored but stale at once', () => {
    expect(fresh({ 'Cache-Control': 'no-cache, max-age=60' })).toBe(0);
    expect(fresh({ 'Cache-Control': 'no-cache="set-cookie", max-age=60' })).toBe(0);
  });
});

describe('Expires and Date', () => {
  test('Expires minus Date gives the lifetime', () => {
    expect(fresh({ Expires: at(NOW + 120_000), Date: at(NOW) })).toBe(120_000);
  });
  test('without Date, Expires counts from the time the response arrived', () => {
    expect(fresh({ Expires: at(NOW + 120_000) })).toBe(120_000);
  });
  test('an Expires in the past, or invalid (such as "0"), means stale', () => {
    expect(fresh({ Expires: at(NOW - 1000), Date: at(NOW) })).toBe(0);
    expect(fresh({ Expires: '0', Date: at(NOW) })).toBe(0);
    expect(fresh({ Expires: '2099', Date: at(NOW) })).toBe(0);
  });
  test('only the three HTTP-date formats are dates', () => {
    expect(httpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(784111777000);
    expect(httpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(784111777000);
    expect(httpDate('Sun Nov  6 08:49:37 1994')).toBe(784111777000);
    expect(httpDate('0')).toBeUndefined();
    expect(httpDate('2026-01-10')).toBeUndefined();
    expect(httpDate(null)).toBeUndefined();
  });
});

describe('Age', () => {
  test('the Age a response arrives with is taken off its freshness', () => {
    expect(fresh({ 'Cache-Control': 'max-age=60', Age: '20' })).toBe(40_000);
  });
  test('an Age beyond max-age means stale', () => {
    expect(fresh({ 'Cache-Control': 'max-age=60', Age: '61' })).toBe(0);
  });
  test('the time since Date counts as age when larger than Age; a Date ahead of our clock adds none', () => {
    expect(initialAgeMs(new Headers({ Date: at(NOW - 30_000), Age: '10' }), NOW)).toBe(30_000);
    expect(fresh({ 'Cache-Control': 'max-age=60', Date: at(NOW - 30_000) })).toBe(30_000);
    expect(initialAgeMs(new Headers({ Date: at(NOW + 30_000) }), NOW)).toBe(0);
    expect(initialAgeMs(new Headers({ Age: 'soon' }), NOW)).toBe(0);
  });
  test('Age served is whole seconds since storing, never negative', () => {
    expect(ageSeconds(1_000_000, 1_000_000)).toBe(0);
    expect(ageSeconds(1_000_000, 1_002_999)).toBe(2);
    expect(ageSeconds(1_000_000, 999_000)).toBe(0);
  });
});

describe('heuristic freshness', () => {
  test('10% of Date minus Last-Modified when nothing explicit is given', () => {
    expect(fresh({ Date: at(NOW), 'Last-Modified': at(NOW - 3600_000) })).toBe(360_000);
  });
  test('the heuristic is capped at a day', () => {
    expect(fresh({ Date: at(NOW), 'Last-Modified': at(NOW - 365 * 86400_000) })).toBe(86400_000);
  });
  test('only heuristically cacheable statuses (or public) get one', () => {
    const old = { Date: at(NOW), 'Last-Modified': at(NOW - 3600_000) };
    expect(fresh(old, 404)).toBe(360_000);
    expect(fresh(old, 302)).toBe(0);
    expect(fresh(old, 500)).toBe(0);
    expect(fresh({ ...old, 'Cache-Control': 'public' }, 302)).toBe(360_000);
  });
  test('no heuristic over Expires, even an invalid one', () => {
    expect(fresh({ Date: at(NOW), 'Last-Modified': at(NOW - 3600_000), Expires: 'never' })).toBe(0);
  });
  test('without any freshness information a response is stored stale, never fresh forever', () => {
    expect(fresh({})).toBe(0);
    expect(fresh({ 'Cache-Control': 'private' })).toBe(0);
    expect(fresh({ ETag: '"v1"', Date: at(NOW) })).toBe(0);
    expect(lifetimeMs(new Headers({ 'Last-Modified': 'yesterday' }), 200, NOW)).toBe(0);
  });
});

test('Cache-Control parsing: case, spaces, quotes with commas, first of a repeat', () => {
  const cc = parseCacheControl('Max-Age=5 , no-cache="a, b", private, max-age=9, IMMUTABLE');
  expect([...cc]).toEqual([['max-age', '5'], ['no-cache', 'a, b'], ['private', ''], ['immutable', '']]);
  expect(parseCacheControl(null).size).toBe(0);
});
