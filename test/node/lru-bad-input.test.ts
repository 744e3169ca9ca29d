// Bad input: a precise TypeError/RangeError, and the cache is unchanged (same entries, order,
// bytes and stats) afterwards.
import { describe, expect, test } from 'vitest';
import { MemoryLru, type LruSetOptions } from '../../src/lru/index.ts';

function filled(options: { maxBytes?: number; sizeOf?: (v: unknown) => number } = {}) {
  const lru = new MemoryLru<unknown>({ maxEntries: 3, maxBytes: 1_000, ...options });
  lru.set('a', 'A', { size: 10 });
  lru.set('b', { b: 1 }, { size: 20 });
  lru.set('c', [1, 2], { size: 30 });
  lru.get('a');
  return lru;
}
const snapshot = (lru: MemoryLru<unknown>) => ({ entries: lru.entries(), bytes: lru.bytes, stats: lru.stats() });

describe('MemoryLru bad input', () => {
  test.each([
    ['a number', 1],
    ['undefined', undefined],
    ['null', null],
    ['an object', { toString: () => 'a' }],
    ['a symbol', Symbol('a')],
  ])('a key that is %s is a TypeError from every method, and nothing changes', (what, key) => {
    const lru = filled();
    const before = snapshot(lru);
    const k = key as unknown as string;
    const message = /^keys must be strings, got /;
    expect(() => lru.get(k)).toThrow(TypeError);
    expect(() => lru.get(k)).toThrow(message);
    expect(() => lru.peek(k)).toThrow(message);
    expect(() => lru.has(k)).toThrow(message);
    expect(() => lru.set(k, 'v')).toThrow(message);
    expect(() => lru.delete(k)).toThrow(message);
    expect(snapshot(lru)).toEqual(before);
    expect(what).toBeTruthy();
  });

  test('an undefined value is a TypeError that points to delete()', () => {
    const lru = filled();
    const before = snapshot(lru);
    expect(() => lru.set('a', undefined)).toThrow(new TypeError('value for "a" is undefined: use delete(key) instead'));
    expect(snapshot(lru)).toEqual(before);
  });

  test.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['size -1', { size: -1 }, RangeError, /^size must be a non-negative finite number, got -1$/],
    ['size NaN', { size: NaN }, RangeError, /got NaN/],
    ['size Infinity', { size: Infinity }, RangeError, /got Infinity/],
    ['size "5"', { size: '5' }, TypeError, /^size must be a number, got string$/],
    ['ttlMs -0.5', { ttlMs: -0.5 }, RangeError, /^ttlMs must be >= 0, got -0.5$/],
    ['ttlMs -3', { ttlMs: -3 }, RangeError, /got -3/],
    ['ttlMs NaN', { ttlMs: NaN }, RangeError, /got NaN/],
    ['ttlMs "1"', { ttlMs: '1' }, TypeError, /^ttlMs must be a number/],
    ['options null', null, TypeError, /^set options must be an object/],
    ['options 5', 5, TypeError, /^set options must be an object/],
  ])('set with %s is rejected precisely, for a new key and for an existing one', (_name, options, Kind, message) => {
    const lru = filled();
    const before = snapshot(lru);
    for (const key of ['new', 'b']) {
      expect(() => lru.set(key, 'v', options as LruSetOptions)).toThrow(Kind);
      expect(() => lru.set(key, 'v', options as LruSetOptions)).toThrow(message);
    }
    expect(snapshot(lru)).toEqual(before);
  });

  test.each<[string, unknown, RegExp]>([
    ['a Map', new Map(), /^value is a Map, which estimateSize cannot measure; pass \{ size \} to set\(\) or a sizeOf option$/],
    ['a function', () => 1, /^value is a function/],
    ['a symbol', Symbol('s'), /^value is a symbol/],
    ['a bigint', 10n, /^value is a bigint/],
    ['a Date inside an object', { when: new Date(0) }, /^value\.when is a Date/],
    ['a cycle', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })(), /nested deeper than 256 levels \(a cycle\?\)/],
  ])('with byte accounting, %s with no size is a TypeError and nothing changes', (_name, value, message) => {
    const lru = filled();
    const before = snapshot(lru);
    expect(() => lru.set('new', value)).toThrow(TypeError);
    expect(() => lru.set('b', value)).toThrow(message);
    expect(snapshot(lru)).toEqual(before);
    // With a size it is accepted.
    expect(lru.set('new', value, { size: 1 })).toBe(true);
  });

  test.each([[-1], [NaN], [Infinity], ['3']])('a sizeOf that returns %s is a TypeError naming the key, and nothing changes', (bad) => {
    const lru = filled({ sizeOf: () => bad as number });
    const before = snapshot(lru);
    expect(() => lru.set('b', 'v')).toThrow(TypeError);
    expect(() => lru.set('b', 'v')).toThrow(/^sizeOf returned .* for "b", not a non-negative finite number$/);
    expect(snapshot(lru)).toEqual(before);
  });

  test.each([[-1], [1.5], [NaN]])('inspect(%s) is a RangeError', (limit) => {
    const lru = filled();
    expect(() => lru.inspect(limit)).toThrow(RangeError);
    expect(() => lru.inspect('2' as unknown as number)).toThrow(TypeError);
  });
});
