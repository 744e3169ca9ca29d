import { expect, test } from 'vitest';
import { ageSeconds, freshnessMs } from '../../src/http/cacheability.ts';

test("a route's ttlMs wins over the response's Cache-Control", () => {
  expect(freshnessMs(5000, 'max-age=60')).toBe(5000);
  expect(freshnessMs(0, 'max-age=60')).toBe(0);
});

test('without a route ttlMs: max-age, no-cache = stale at once, nothing = never expires', () => {
  expect(freshnessMs(undefined, 'public, max-age=60')).toBe(60_000);
  expect(freshnessMs(undefined, 'no-cache')).toBe(0);
  expect(freshnessMs(undefined, null)).toBeUndefined();
  expect(freshnessMs(undefined, 'private')).toBeUndefined();
});

test('Age is whole seconds since storing, never negative', () => {
  expect(ageSeconds(1_000_000, 1_000_000)).toBe(0);
  expect(ageSeconds(1_000_000, 1_002_999)).toBe(2);
  expect(ageSeconds(1_000_000, 999_000)).toBe(0);
});
