// onEvict: called once per entry that leaves, after the cache is consistent, with reason
// 'lru' | 'ttl' | 'budget' | 'manual'; delete and clear are 'manual'; an overwrite is not an
// eviction; an error thrown by onEvict surfaces from the operation after it completed.
import { describe, expect, test } from 'vitest';
import { MemoryLru, type LruEvictReason } from '../../src/lru/index.ts';

describe('MemoryLru onEvict', () => {
  test('delete reports manual, returns whether the key was resident, and does not count as an eviction', () => {
    const log: [string, unknown, LruEvictReason][] = [];
    const lru = new MemoryLru<number>({ maxEntries: 5, onEvict: (k, v, r) => log.push([k, v, r]) });
    lru.set('a', 1);
    expect(lru.delete('a')).toBe(true);
    expect(lru.delete('a')).toBe(false);
    expect(log).toEqual([['a', 1, 'manual']]);
    expect(lru.stats()).toMatchObject({ evictions: 0, byReason: { manual: 1 } });
  });

  test('clear reports every resident entry as manual, newest first, and empties everything', () => {
    const log: [string, unknown, LruEvictReason][] = [];
    const lru = new MemoryLru<number>({ maxBytes: 100, onEvict: (k, v, r) => log.push([k, v, r]) });
    lru.set('a', 1, { size: 10 });
    lru.set('b', 2, { size: 10 });
    lru.set('c', 3, { size: 10 });
    lru.get('a');
    lru.clear();
    expect(log).toEqual([['a', 1, 'manual'], ['c', 3, 'manual'], ['b', 2, 'manual']]);
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
    expect(lru.keys()).toEqual([]);
    expect(lru.get('a')).toBeUndefined();
    // The cache is fully usable afterwards, with the same bound.
    for (let i = 0; i < 12; i++) lru.set(`k${i}`, i, { size: 10 });
    expect(lru.size).toBe(10);
    expect(lru.keys()[0]).toBe('k11');
  });

  test.each([{ maxEntries: 2 }, { maxEntries: 2, maxBytes: 100 }, { maxEntries: 2, ttlMs: 1e9 }])(
    'the cache is consistent when onEvict runs: the evicted key is already gone (%o)',
    (options) => {
      const seen: [boolean, boolean][] = [];
      const lru: MemoryLru<number> = new MemoryLru<number>({
        ...options,
        onEvict: (k) => seen.push([lru.peek(k) !== undefined, lru.size <= 2]),
      });
      lru.set('a', 1);
      lru.set('b', 2);
      lru.set('c', 3);
      expect(seen).toEqual([[false, true]]);
      expect(lru.keys()).toEqual(['c', 'b']);
    },
  );

  test('an onEvict error is thrown by the operation after it completed, and the cache stays consistent', () => {
    const lru = new MemoryLru<number>({
      maxEntries: 2,
      onEvict: (k) => {
        throw new Error(`boom ${k}`);
      },
    });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(() => lru.set('c', 3)).toThrow('boom a');
    expect(lru.keys()).toEqual(['c', 'b']);
    expect(() => lru.delete('b')).toThrow('boom b');
    expect(lru.keys()).toEqual(['c']);
    expect(lru.set('d', 4)).toBe(true); // no eviction, no error left over
    expect(() => lru.clear()).toThrow('boom d');
    expect(lru.size).toBe(0);
  });

  test('overwriting an existing key calls no onEvict', () => {
    const log: string[] = [];
    const lru = new MemoryLru<number>({ maxEntries: 2, onEvict: (k) => log.push(k) });
    lru.set('a', 1);
    lru.set('a', 2);
    lru.set('a', 3);
    expect(log).toEqual([]);
    expect(lru.get('a')).toBe(3);
  });
});

describe('MemoryLru onEvict size', () => {
  test('reports the size each entry was accounted at, for every reason', () => {
    let now = 0;
    const log: [string, string, number][] = [];
    const lru = new MemoryLru<string>({ maxBytes: 100, now: () => now, onEvict: (k, _v, r, size) => log.push([k, r, size]) });
    lru.set('a', 'x', { size: 40 });
    lru.set('b', 'y', { size: 30, ttlMs: 10 });
    lru.set('c', 'z', { size: 50 }); // evicts a (budget)
    now = 20;
    lru.purgeStale(); // b (ttl)
    lru.delete('c'); // manual
    lru.set('d', 'w', { size: 7 });
    lru.clear(); // d (manual)
    expect(log).toEqual([
      ['a', 'budget', 40],
      ['b', 'ttl', 30],
      ['c', 'manual', 50],
      ['d', 'manual', 7],
    ]);
  });

  test('is 0 without byte accounting', () => {
    const sizes: number[] = [];
    const lru = new MemoryLru<number>({ maxEntries: 1, onEvict: (_k, _v, _r, size) => sizes.push(size) });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(sizes).toEqual([0]);
  });
});
