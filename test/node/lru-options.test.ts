// Constructor options: every bound validated with a precise TypeError/RangeError; no bound at all
// is refused with a message naming the options that exist.
import { describe, expect, test } from 'vitest';
import { MemoryLru, type MemoryLruOptions } from '../../src/lru/index.ts';

const make = (options: unknown) => () => new MemoryLru(options as MemoryLruOptions);

describe('MemoryLru options', () => {
  test('no bound at all is a TypeError naming maxEntries and maxBytes', () => {
    expect(make({})).toThrow(TypeError);
    expect(make({})).toThrow(/maxEntries.*maxBytes/);
    expect(make({ maxEntryBytes: 10, ttlMs: 5 })).toThrow(/needs a bound/);
    expect(make(undefined)).toThrow(/options must be an object.*maxEntries/);
    expect(make(null)).toThrow(TypeError);
  });

  test.each([
    ['maxEntries', 0],
    ['maxEntries', -1],
    ['maxEntries', 1.5],
    ['maxEntries', NaN],
    ['maxEntries', Infinity],
    ['maxEntries', 2 ** 24 + 1],
    ['maxBytes', 0],
    ['maxBytes', -5],
    ['maxBytes', NaN],
    ['maxBytes', Infinity],
    ['maxEntryBytes', -1],
    ['maxEntryBytes', NaN],
    ['maxEntryBytes', Infinity],
    ['ttlMs', -0.001],
    ['ttlMs', -1],
    ['ttlMs', NaN],
  ])('%s = %s is a RangeError naming the option and the value', (name, value) => {
    const options = name === 'maxBytes' ? { [name]: value } : { maxBytes: 100, [name]: value };
    expect(make(options)).toThrow(RangeError);
    expect(make(options)).toThrow(new RegExp(`^${name} must be .*got ${value}$`));
  });

  test.each([
    ['maxEntries', '10', /maxEntries must be a number, got string/],
    ['maxBytes', 10n, /maxBytes must be a number, got bigint/],
    ['ttlMs', '5', /ttlMs must be a number, got string/],
    ['weak', 1, /weak must be a boolean, got number/],
    ['entryInfo', 'yes', /entryInfo must be a boolean, got string/],
    ['sizeOf', 3, /sizeOf must be a function, got number/],
    ['now', {}, /now must be a function, got object/],
    ['onEvict', 'x', /onEvict must be a function, got string/],
  ])('%s of the wrong type is a TypeError', (name, value, message) => {
    const options = { maxEntries: 10, ...(name === 'maxEntries' ? { maxBytes: 100 } : {}), [name]: value };
    expect(make(options)).toThrow(TypeError);
    expect(make(options)).toThrow(message);
  });

  test('ttlMs = Infinity is accepted and means never expires, as an omitted ttlMs does', () => {
    let now = 0;
    const lru = new MemoryLru<string>({ maxEntries: 10, ttlMs: Infinity, now: () => now });
    lru.set('a', 'A');
    now = 1e15;
    expect(lru.get('a')).toBe('A');
    expect(lru.inspect(1)[0]?.expiresAt).toBe(Infinity);
  });

  test('ttlMs = 0 is accepted and means stale at once: the entry is never returned as fresh', () => {
    const lru = new MemoryLru<string>({ maxEntries: 10, ttlMs: 0, now: () => 5 });
    lru.set('a', 'A');
    expect(lru.get('a')).toBeUndefined();
    lru.set('b', 'B', { ttlMs: 10 });
    expect(lru.get('b')).toBe('B');
  });

  test('valid bounds are readable back; an absent one is undefined', () => {
    const a = new MemoryLru({ maxEntries: 500, maxBytes: 8 << 20 });
    expect(a.maxEntries).toBe(500);
    expect(a.maxBytes).toBe(8 << 20);
    const b = new MemoryLru({ maxBytes: 1000 });
    expect(b.maxEntries).toBeUndefined();
    expect(b.maxBytes).toBe(1000);
    const c = new MemoryLru({ maxEntries: 2 ** 24 });
    expect(c.maxEntries).toBe(2 ** 24);
    expect(c.maxBytes).toBeUndefined();
  });
});
