// inspect() and stats(): what the inspector page and the page cache read. entryInfo: true
// records createdAt and per-entry hits; without it they are NaN.
import { describe, expect, test } from 'vitest';
import { MemoryLru } from '../../src/lru/index.ts';
import type { MemoryStats } from '../../src/types.ts';

describe('MemoryLru inspect and stats', () => {
  test('inspect lists resident entries most recent first with size, createdAt, expiresAt and hits', () => {
    let time = 500;
    const lru = new MemoryLru<string>({ maxBytes: 1000, entryInfo: true, now: () => time });
    lru.set('a', 'A', { size: 10 });
    time = 600;
    lru.set('b', 'B', { size: 20, ttlMs: 50 });
    lru.get('a');
    lru.get('a');
    lru.get('b');
    expect(lru.inspect()).toEqual([
      { key: 'b', size: 20, createdAt: 600, expiresAt: 650, hits: 1 },
      { key: 'a', size: 10, createdAt: 500, expiresAt: Infinity, hits: 2 },
    ]);
    expect(lru.inspect(1).map((e) => e.key)).toEqual(['b']);
    expect(lru.inspect(0)).toEqual([]);
  });

  test('inspect shows expired entries not yet purged (keys() does not)', () => {
    let time = 0;
    const lru = new MemoryLru<string>({ maxEntries: 5, ttlMs: 10, now: () => time });
    lru.set('a', 'A');
    time = 20;
    expect(lru.keys()).toEqual([]);
    expect(lru.inspect()).toEqual([{ key: 'a', size: 0, createdAt: NaN, expiresAt: 10, hits: NaN }]);
  });

  test('overwriting an entry restarts its createdAt and hits', () => {
    let time = 0;
    const lru = new MemoryLru<string>({ maxEntries: 5, entryInfo: true, now: () => time });
    lru.set('a', '1');
    lru.get('a');
    time = 7;
    lru.set('a', '2');
    expect(lru.inspect()).toEqual([{ key: 'a', size: 0, createdAt: 7, expiresAt: Infinity, hits: 0 }]);
  });

  test('without entryInfo, createdAt and hits are NaN', () => {
    const lru = new MemoryLru<string>({ maxEntries: 5 });
    lru.set('a', 'A');
    lru.get('a');
    expect(lru.inspect()).toEqual([{ key: 'a', size: 0, createdAt: NaN, expiresAt: Infinity, hits: NaN }]);
  });

  test('stats counts hits, misses, evictions by reason and refusals, and carries the MemoryStats names', () => {
    let time = 0;
    const lru = new MemoryLru<string>({ maxEntries: 2, maxBytes: 100, now: () => time });
    lru.set('a', 'A', { size: 10, ttlMs: 5 });
    lru.set('b', 'B', { size: 10 });
    lru.get('a');
    lru.get('nope');
    lru.set('c', 'C', { size: 10 }); // evicts b (lru)
    lru.set('d', 'D', { size: 95 }); // evicts a (lru: a slot), then c (budget: 10 + 95 > 100)
    lru.set('e', 'E', { size: 101 }); // refused
    lru.set('f', 'F', { size: 1, ttlMs: 1 });
    time = 1;
    lru.get('f'); // expired
    lru.delete('d');
    const stats = lru.stats();
    const memory: MemoryStats = stats;
    expect(memory).toBe(stats);
    expect(stats).toEqual({
      entries: 0,
      bytes: 0,
      hits: 1,
      misses: 2,
      evictions: 4,
      weakHits: 0,
      weakEntries: 0,
      refused: 1,
      byReason: { lru: 2, budget: 1, ttl: 1, manual: 1 },
    });
  });
});
