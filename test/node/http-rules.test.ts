// The `http` strategy's decisions (src/http/httpRules.ts), one rule per test: pure functions of a
// stored response, the request's directives and a clock.
import { describe, expect, test } from 'vitest';
import { decide, httpStorable, requestRules, staleIfError, type StoredState } from '../../src/http/httpRules.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const at = (ms: number) => new Date(ms).toUTCString();
const NONE = requestRules({ headers: new Headers() });

/** A response stored `storedAgo` ms before NOW, that arrived `ageMs` old. */
function stored(headers: Record<string, string>, storedAgo = 0, ageMs?: number, status = 200, expiresAt = Infinity): StoredState {
  return { status, headers: new Headers(headers), createdAt: NOW - storedAgo, expiresAt, ageMs };
}
const req = (headers: Record<string, string>, cache?: RequestCache) => requestRules({ headers: new Headers(headers), cache });

describe('freshness', () => {
  test('fresh within max-age, then revalidate', () => {
    expect(decide(stored({ 'Cache-Control': 'max-age=60' }, 59_000), NONE, NOW)).toBe('fresh');
    expect(decide(stored({ 'Cache-Control': 'max-age=60' }, 60_000), NONE, NOW)).toBe('revalidate');
  });
  test('the age a response arrived with counts: max-age=60 with Age 50 is fresh for 10 s', () => {
    expect(decide(stored({ 'Cache-Control': 'max-age=60' }, 9000, 50_000), NONE, NOW)).toBe('fresh');
    expect(decide(stored({ 'Cache-Control': 'max-age=60' }, 11_000, 50_000), NONE, NOW)).toBe('revalidate');
  });
  test('Expires minus Date; heuristic 10% of the time since Last-Modified for a heuristically cacheable status only', () => {
    const t = NOW - 1000;
    expect(decide(stored({ Date: at(t), Expires: at(t + 60_000) }, 1000), NONE, NOW)).toBe('fresh');
    const lm = { Date: at(NOW - 1000), 'Last-Modified': at(NOW - 1000 - 100_000) };
    expect(decide(stored(lm, 1000), NONE, NOW)).toBe('fresh'); // 10 s of heuristic freshness
    expect(decide(stored(lm, 11_000), NONE, NOW)).toBe('revalidate');
    expect(decide(stored(lm, 1000, undefined, 500), NONE, NOW)).toBe('revalidate');
  });
  test('no-cache: always revalidated; must-revalidate: once stale, whatever else allows stale', () => {
    expect(decide(stored({ 'Cache-Control': 'no-cache, max-age=600' }), NONE, NOW)).toBe('revalidate');
    expect(decide(stored({ 'Cache-Control': 'max-age=60, must-revalidate' }, 30_000), NONE, NOW)).toBe('fresh');
    expect(decide(stored({ 'Cache-Control': 'max-age=60, must-revalidate, stale-while-revalidate=600' }, 61_000), NONE, NOW)).toBe('revalidate');
    expect(decide(stored({ 'Cache-Control': 'max-age=60, must-revalidate' }, 61_000), req({ 'Cache-Control': 'max-stale' }), NOW)).toBe('revalidate');
  });
  test('s-maxage is a shared cache\'s: ignored', () => {
    expect(decide(stored({ 'Cache-Control': 's-maxage=600' }, 1000), NONE, NOW)).toBe('revalidate');
  });
  test("a route's ttlMs overrides the server: the disk's expiry decides", () => {
    const s = stored({ 'Cache-Control': 'no-cache' }, 1000, undefined, 200, NOW + 5000);
    expect(decide(s, NONE, NOW, 6000)).toBe('fresh');
    expect(decide({ ...s, expiresAt: NOW - 1 }, NONE, NOW, 6000)).toBe('revalidate');
  });
});

describe('stale-while-revalidate and stale-if-error windows', () => {
  test('swr within N seconds of going stale, revalidate beyond', () => {
    const h = { 'Cache-Control': 'max-age=10, stale-while-revalidate=20' };
    expect(decide(stored(h, 25_000), NONE, NOW)).toBe('swr');
    expect(decide(stored(h, 31_000), NONE, NOW)).toBe('revalidate');
  });
  test('a response that arrived stale went stale before it was stored: max-age=1, swr=5, Age 100 is beyond the window', () => {
    const h = { 'Cache-Control': 'max-age=1, stale-while-revalidate=5' };
    expect(decide(stored(h, 0, 100_000), NONE, NOW)).toBe('revalidate');
    expect(decide(stored(h, 0, 3000), NONE, NOW)).toBe('swr');
  });
  test('the same for stale-if-error: Age 100 with max-age=1, stale-if-error=5 is beyond it', () => {
    const h = { 'Cache-Control': 'max-age=1, stale-if-error=5' };
    expect(staleIfError(stored(h, 0, 100_000), NOW)).toBe(false);
    expect(staleIfError(stored(h, 5000), NOW)).toBe(true);
    expect(staleIfError(stored(h, 7000), NOW)).toBe(false);
    expect(staleIfError(stored({ 'Cache-Control': 'max-age=1' }, 2000), NOW)).toBe(false);
  });
  test('a request no-cache wins over stale-while-revalidate', () => {
    expect(decide(stored({ 'Cache-Control': 'max-age=10, stale-while-revalidate=20' }, 15_000), req({ 'Cache-Control': 'no-cache' }), NOW)).toBe('revalidate');
  });
});

describe('request directives', () => {
  test('Cache-Control, then Pragma only without it, and the fetch cache modes', () => {
    expect(req({ 'Cache-Control': 'no-cache' }).noCache).toBe(true);
    expect(req({ Pragma: 'no-cache' }).noCache).toBe(true);
    expect(req({ Pragma: 'no-cache', 'Cache-Control': 'max-age=5' })).toMatchObject({ noCache: false, maxAgeMs: 5000 });
    expect(req({}, 'no-cache').noCache).toBe(true);
    expect(req({}, 'reload').noCache).toBe(true);
    expect(req({}, 'no-store').noStore).toBe(true);
    expect(req({ 'Cache-Control': 'no-store' }).noStore).toBe(true);
    expect(req({}, 'only-if-cached').onlyIfCached).toBe(true);
    expect(req({}, 'force-cache').maxStaleMs).toBe(Infinity);
    expect(req({ 'Cache-Control': 'max-stale=30, min-fresh=5' })).toMatchObject({ maxStaleMs: 30_000, minFreshMs: 5000 });
  });
  test('max-age=N: a stored response older than N is revalidated; max-age=0 always', () => {
    const s = stored({ 'Cache-Control': 'max-age=600' }, 20_000);
    expect(decide(s, req({ 'Cache-Control': 'max-age=30' }), NOW)).toBe('fresh');
    expect(decide(s, req({ 'Cache-Control': 'max-age=10' }), NOW)).toBe('revalidate');
    expect(decide(stored({ 'Cache-Control': 'max-age=600' }), req({ 'Cache-Control': 'max-age=0' }), NOW)).toBe('revalidate');
  });
  test('max-stale accepts a stale response within it; min-fresh wants freshness left', () => {
    const s = stored({ 'Cache-Control': 'max-age=10' }, 20_000);
    expect(decide(s, req({ 'Cache-Control': 'max-stale=15' }), NOW)).toBe('stale');
    expect(decide(s, req({ 'Cache-Control': 'max-stale=5' }), NOW)).toBe('revalidate');
    expect(decide(s, req({ 'Cache-Control': 'max-stale' }), NOW)).toBe('stale');
    const f = stored({ 'Cache-Control': 'max-age=60' }, 50_000);
    expect(decide(f, req({ 'Cache-Control': 'min-fresh=5' }), NOW)).toBe('fresh');
    expect(decide(f, req({ 'Cache-Control': 'min-fresh=15' }), NOW)).toBe('revalidate');
  });
  test('immutable: a fresh response answers even a no-cache request; once stale it is revalidated', () => {
    const h = { 'Cache-Control': 'max-age=60, immutable' };
    expect(decide(stored(h, 1000), req({}, 'no-cache'), NOW)).toBe('fresh');
    expect(decide(stored(h, 61_000), NONE, NOW)).toBe('revalidate');
  });
});

describe('what may be stored', () => {
  test('heuristically cacheable statuses, or any final status with explicit freshness; never 206 or 304', () => {
    const r = (status: number, headers: Record<string, string> = {}) => httpStorable({ status, headers: new Headers(headers) });
    expect([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501].every((s) => r(s))).toBe(true);
    expect(r(302)).toBe(false);
    expect(r(500)).toBe(false);
    expect(r(302, { 'Cache-Control': 'max-age=60' })).toBe(true);
    expect(r(503, { Expires: at(NOW + 60_000) })).toBe(true);
    expect(r(206, { 'Cache-Control': 'max-age=60' })).toBe(false);
    expect(r(304, { 'Cache-Control': 'max-age=60' })).toBe(false);
  });
});
