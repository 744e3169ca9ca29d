// Recency: the count bound evicts the least recently used entry (reason 'lru'); get and set make
// an entry most recent, peek and has do not; keys()/entries() list most recent first.
import { describe, expect, test } from 'vitest';
import { MemoryLru, type LruEvictReason } from '../../src/lru/index.ts';

function withLog(maxEntries: number) {
  const log: [string, unknown, LruEvictReason][] = [];
  const lru = new MemoryLru<number>({ maxEntries, onEvict: (k, v, r) => log.push([k, v, r]) });
  return { lru, log };
}

describe('MemoryLru recency', () => {
  test('filling past maxEntries evicts the least recently used, reason lru', () => {
    const { lru, log } = withLog(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(log).toEqual([]);
    lru.set('d', 4);
    expect(log).toEqual([['a', 1, 'lru']]);
    expect(lru.keys()).toEqual(['d', 'c', 'b']);
    expect(lru.size).toBe(3);
    expect(lru.get('a')).toBeUndefined();
  });

  test('get makes an entry most recent, so it survives the next eviction', () => {
    const { lru, log } = withLog(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4);
    expect(log).toEqual([['b', 2, 'lru']]);
    expect(lru.keys()).toEqual(['d', 'a', 'c']);
  });

  test('peek and has do not change recency', () => {
    const { lru, log } = withLog(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.peek('a')).toBe(1);
    expect(lru.has('a')).toBe(true);
    lru.set('c', 3);
    expect(log).toEqual([['a', 1, 'lru']]);
    expect(lru.peek('a')).toBeUndefined();
    expect(lru.has('a')).toBe(false);
  });

  test('overwriting a key replaces the value in place, makes it most recent, and calls no onEvict', () => {
    const { lru, log } = withLog(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('a', 10);
    expect(log).toEqual([]);
    expect(lru.size).toBe(2);
    expect(lru.entries()).toEqual([['a', 10], ['b', 2]]);
  });

  test('entries() pairs keys with values, most recent first, and is a snapshot', () => {
    const { lru } = withLog(4);
    for (const [i, k] of ['w', 'x', 'y', 'z'].entries()) lru.set(k, i);
    lru.get('x');
    const snapshot = lru.entries();
    expect(snapshot).toEqual([['x', 1], ['z', 3], ['y', 2], ['w', 0]]);
    // Reading every key while iterating the snapshot reorders the cache but not the snapshot.
    for (const [k] of snapshot) lru.get(k);
    expect(lru.keys()).toEqual(['w', 'y', 'z', 'x']);
  });

  test('maxEntries 1 keeps only the newest', () => {
    const { lru, log } = withLog(1);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.keys()).toEqual(['b']);
    expect(log).toEqual([['a', 1, 'lru']]);
  });

  test.each([256, 257, 65_536, 65_537])('link arrays of every width keep exact LRU order (maxEntries %i)', (max) => {
    const evicted: string[] = [];
    const lru = new MemoryLru<number>({ maxEntries: max, onEvict: (k) => evicted.push(k) });
    for (let i = 0; i < max; i++) lru.set(`k${i}`, i);
    // Touch every even key, then overflow by max/2: exactly the odd keys leave, oldest first.
    for (let i = 0; i < max; i += 2) lru.get(`k${i}`);
    const extra = Math.floor(max / 2);
    for (let i = 0; i < extra; i++) lru.set(`n${i}`, i);
    const odd = [];
    for (let i = 1; i < max; i += 2) odd.push(`k${i}`);
    expect(evicted).toEqual(odd.slice(0, extra));
    expect(lru.size).toBe(max);
    expect(lru.get(`k0`)).toBe(0);
    expect(lru.get(`k${max - 1 - ((max - 1) % 2)}`)).toBe(max - 1 - ((max - 1) % 2));
  });
});

test('getOrSet returns a held value without computing, else computes once, stores and returns', () => {
  const lru = new MemoryLru<number>({ maxEntries: 2 });
  let calls = 0;
  const compute = (key: string) => (calls++, key.length);
  expect(lru.getOrSet('abc', compute)).toBe(3);
  expect(lru.getOrSet('abc', compute)).toBe(3);
  expect(calls).toBe(1);
  expect(lru.peek('abc')).toBe(3);
  expect(() => lru.getOrSet('x', 5 as never)).toThrow(TypeError);
  expect(() => lru.getOrSet('x', 5 as never)).toThrow(/^compute must be a function, got number$/);
  expect(lru.has('x')).toBe(false);
});
