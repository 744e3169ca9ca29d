// Storage growth and slot reuse: with only maxBytes the arrays grow geometrically past the
// initial 1024 slots without losing order or values; freed slots are reused before new ones.
import { describe, expect, test } from 'vitest';
import { MemoryLru } from '../../src/lru/index.ts';

describe('MemoryLru growth and slot reuse', () => {
  test('a byte-bounded cache grows to 10k entries with every value and the exact order intact', () => {
    const lru = new MemoryLru<number>({ maxBytes: 1e9 });
    const n = 10_000;
    for (let i = 0; i < n; i++) lru.set(`k${i}`, i, { size: 3, ttlMs: i % 2 ? Infinity : 1e12 });
    expect(lru.size).toBe(n);
    expect(lru.bytes).toBe(3 * n);
    for (let i = 0; i < n; i++) expect(lru.peek(`k${i}`)).toBe(i);
    const keys = lru.keys();
    expect(keys.length).toBe(n);
    expect(keys[0]).toBe(`k${n - 1}`);
    expect(keys[n - 1]).toBe('k0');
    expect(lru.inspect(3).map((e) => e.expiresAt)).toEqual([Infinity, expect.any(Number), Infinity]);
  });

  test('a count-bounded cache larger than the initial slots grows up to maxEntries and evicts exactly there', () => {
    const evicted: string[] = [];
    const lru = new MemoryLru<number>({ maxEntries: 5000, onEvict: (k) => evicted.push(k) });
    for (let i = 0; i < 6000; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(5000);
    expect(evicted.length).toBe(1000);
    expect(evicted[0]).toBe('k0');
    expect(evicted[999]).toBe('k999');
    expect(lru.get('k1000')).toBe(1000);
  });

  test('deleted slots are reused: churn through deletes keeps size, order and values right', () => {
    const lru = new MemoryLru<number>({ maxEntries: 300 });
    for (let i = 0; i < 300; i++) lru.set(`k${i}`, i);
    for (let i = 0; i < 300; i += 3) lru.delete(`k${i}`);
    for (let i = 0; i < 100; i++) lru.set(`n${i}`, -i);
    expect(lru.size).toBe(300);
    expect(lru.keys().slice(0, 2)).toEqual(['n99', 'n98']);
    expect(lru.peek('k1')).toBe(1);
    expect(lru.peek('k0')).toBeUndefined();
    lru.set('over', 1);
    expect(lru.peek('k1')).toBeUndefined(); // the oldest survivor left, not a reused slot
  });
});
