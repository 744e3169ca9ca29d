// Byte budget: sizes come from set's { size }, a sizeOf option or estimateSize; the budget
// evicts least recently used entries (reason 'budget'); a value larger than maxEntryBytes or
// maxBytes is refused, evicts nothing, and is counted.
import { describe, expect, test } from 'vitest';
import { MemoryLru, estimateSize, type LruEvictReason } from '../../src/lru/index.ts';

describe('MemoryLru byte budget', () => {
  test('sizes given per set are summed in bytes and eviction keeps the sum under maxBytes (reason budget)', () => {
    const log: [string, LruEvictReason][] = [];
    const lru = new MemoryLru<string>({ maxBytes: 100, onEvict: (k, _v, r) => log.push([k, r]) });
    lru.set('a', 'A', { size: 40 });
    lru.set('b', 'B', { size: 40 });
    expect(lru.bytes).toBe(80);
    lru.set('c', 'C', { size: 50 }); // 130 > 100: the oldest (a) goes
    expect(log).toEqual([['a', 'budget']]);
    expect(lru.bytes).toBe(90);
    lru.get('b');
    lru.set('d', 'D', { size: 60 }); // 150: c (older than b now) goes, and 100 fits exactly
    expect(log).toEqual([['a', 'budget'], ['c', 'budget']]);
    expect(lru.keys()).toEqual(['d', 'b']);
    expect(lru.bytes).toBe(100);
    lru.set('e', 'E', { size: 1 });
    expect(log).toEqual([['a', 'budget'], ['c', 'budget'], ['b', 'budget']]);
    expect(lru.bytes).toBe(61);
  });

  test('growing an entry in place evicts older entries for the budget, never the entry itself', () => {
    const log: string[] = [];
    const lru = new MemoryLru<string>({ maxBytes: 100, onEvict: (k) => log.push(k) });
    lru.set('a', 'x', { size: 30 });
    lru.set('b', 'x', { size: 30 });
    lru.set('c', 'x', { size: 30 });
    lru.set('b', 'xx', { size: 70 }); // 30+70+30 = 130: a goes, and 100 fits exactly
    expect(log).toEqual(['a']);
    expect(lru.keys()).toEqual(['b', 'c']);
    expect(lru.bytes).toBe(100);
    lru.set('b', 'xxx', { size: 100 });
    expect(log).toEqual(['a', 'c']);
    expect(lru.bytes).toBe(100);
    lru.set('b', 'y', { size: 5 });
    expect(lru.bytes).toBe(5);
  });

  test('a value larger than maxEntryBytes is refused: false, not stored, nothing evicted, counted', () => {
    const log: string[] = [];
    const lru = new MemoryLru<string>({ maxEntries: 10, maxEntryBytes: 50, onEvict: (k) => log.push(k) });
    lru.set('a', 'x', { size: 50 });
    expect(lru.set('big', 'x', { size: 51 })).toBe(false);
    expect(lru.has('big')).toBe(false);
    expect(lru.keys()).toEqual(['a']);
    expect(log).toEqual([]);
    expect(lru.stats().refused).toBe(1);
  });

  test('a value larger than maxBytes is refused without emptying the cache', () => {
    const log: string[] = [];
    const lru = new MemoryLru<string>({ maxBytes: 100, onEvict: (k) => log.push(k) });
    lru.set('a', 'x', { size: 60 });
    lru.set('b', 'x', { size: 40 });
    expect(lru.set('huge', 'x', { size: 101 })).toBe(false);
    expect(lru.keys()).toEqual(['b', 'a']);
    expect(log).toEqual([]);
    expect(lru.bytes).toBe(100);
  });

  test('a refused value removes the older value under the same key (reason budget), so get never returns superseded data', () => {
    const log: [string, unknown, LruEvictReason][] = [];
    const lru = new MemoryLru<string>({ maxBytes: 100, onEvict: (k, v, r) => log.push([k, v, r]) });
    lru.set('a', 'old', { size: 10 });
    lru.set('b', 'keep', { size: 10 });
    expect(lru.set('a', 'new and huge', { size: 500 })).toBe(false);
    expect(lru.get('a')).toBeUndefined();
    expect(log).toEqual([['a', 'old', 'budget']]);
    expect(lru.keys()).toEqual(['b']);
    expect(lru.bytes).toBe(10);
  });

  test('sizeOf decides sizes when set gives none, and receives the value and the key', () => {
    const calls: [unknown, string][] = [];
    const lru = new MemoryLru<{ n: number }>({
      maxBytes: 10,
      sizeOf: (v, k) => {
        calls.push([v, k]);
        return v.n;
      },
    });
    lru.set('a', { n: 4 });
    lru.set('b', { n: 5 });
    expect(lru.bytes).toBe(9);
    lru.set('c', { n: 3 }, { size: 1 }); // an explicit size skips sizeOf
    expect(calls.map(([, k]) => k)).toEqual(['a', 'b']);
    expect(lru.bytes).toBe(10);
  });

  test('without sizeOf, estimateSize decides the size', () => {
    const lru = new MemoryLru<unknown>({ maxBytes: 10_000 });
    const value = { id: 7, name: 'seven', tags: ['a', 'b'] };
    lru.set('s', 'hello');
    lru.set('o', value);
    lru.set('u', new Uint8Array(300));
    expect(lru.bytes).toBe(estimateSize('hello') + estimateSize(value) + 300);
    expect(lru.inspect().map((e) => e.size)).toEqual([300, estimateSize(value), 10]);
  });

  test('with only maxEntries no sizes are computed: any value is accepted and bytes stays 0', () => {
    const lru = new MemoryLru<unknown>({ maxEntries: 5 });
    lru.set('m', new Map([[1, 2]]));
    lru.set('f', () => 1);
    lru.set('s', 'text', { size: 99 });
    expect(lru.size).toBe(3);
    expect(lru.bytes).toBe(0);
  });

  test('maxEntries and maxBytes together: whichever binds first evicts', () => {
    const reasons: LruEvictReason[] = [];
    const lru = new MemoryLru<number>({ maxEntries: 3, maxBytes: 100, onEvict: (_k, _v, r) => reasons.push(r) });
    for (let i = 0; i < 4; i++) lru.set(`k${i}`, i, { size: 1 });
    expect(reasons).toEqual(['lru']);
    lru.set('big', 0, { size: 99 }); // a slot first (k1, lru), then bytes: 2 + 99 > 100 (k2, budget)
    expect(reasons).toEqual(['lru', 'lru', 'budget']);
    expect(lru.keys()).toEqual(['big', 'k3']);
    expect(lru.bytes).toBe(100);
  });
});
