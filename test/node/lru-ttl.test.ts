// TTL with an injectable clock (no sleeps): default and per-entry TTL, lazy expiry on get
// (reason 'ttl'), purgeStale(), and the clock is read only for entries that have a TTL.
import { describe, expect, test } from 'vitest';
import { MemoryLru, type LruEvictReason } from '../../src/lru/index.ts';

function clocked(options: { ttlMs?: number; maxEntries?: number; entryInfo?: boolean } = {}) {
  let time = 1_000;
  let reads = 0;
  const log: [string, LruEvictReason][] = [];
  const lru = new MemoryLru<string>({
    maxEntries: 10,
    ...options,
    now: () => {
      reads++;
      return time;
    },
    onEvict: (k, _v, r) => log.push([k, r]),
  });
  return {
    lru,
    log,
    advance: (ms: number) => (time += ms),
    reads: () => reads,
  };
}

describe('MemoryLru TTL', () => {
  test('the default ttlMs expires an entry exactly at createdAt + ttlMs', () => {
    const { lru, advance } = clocked({ ttlMs: 100 });
    lru.set('a', 'A');
    advance(99);
    expect(lru.get('a')).toBe('A');
    advance(1);
    expect(lru.get('a')).toBeUndefined();
  });

  test('get on an expired entry removes it with reason ttl and counts a miss', () => {
    const { lru, log, advance } = clocked({ ttlMs: 10 });
    lru.set('a', 'A');
    advance(10);
    expect(lru.get('a')).toBeUndefined();
    expect(log).toEqual([['a', 'ttl']]);
    expect(lru.size).toBe(0);
    expect(lru.stats()).toMatchObject({ hits: 0, misses: 1, evictions: 1, byReason: { ttl: 1 } });
  });

  test('a per-entry ttlMs overrides the default; Infinity means never', () => {
    const { lru, advance } = clocked({ ttlMs: 10 });
    lru.set('short', 'x', { ttlMs: 5 });
    lru.set('default', 'x');
    lru.set('long', 'x', { ttlMs: 1_000 });
    lru.set('forever', 'x', { ttlMs: Infinity });
    advance(5);
    expect(lru.keys()).toEqual(['forever', 'long', 'default']);
    advance(5);
    expect(lru.keys()).toEqual(['forever', 'long']);
    advance(1e9);
    expect(lru.keys()).toEqual(['forever']);
  });

  test('a per-entry ttlMs works in a cache without a default', () => {
    const { lru, advance } = clocked();
    lru.set('a', 'x', { ttlMs: 50 });
    lru.set('b', 'x');
    advance(50);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.get('b')).toBe('x');
  });

  test('peek, has and keys hide expired entries without removing them; size still counts them', () => {
    const { lru, log, advance } = clocked({ ttlMs: 10 });
    lru.set('a', 'A');
    lru.set('b', 'B', { ttlMs: 100 });
    advance(20);
    expect(lru.peek('a')).toBeUndefined();
    expect(lru.has('a')).toBe(false);
    expect(lru.keys()).toEqual(['b']);
    expect(lru.entries()).toEqual([['b', 'B']]);
    expect(lru.size).toBe(2);
    expect(log).toEqual([]);
  });

  test('purgeStale removes every expired entry with reason ttl and returns how many', () => {
    const { lru, log, advance } = clocked({ ttlMs: 10 });
    lru.set('a', 'A');
    lru.set('b', 'B', { ttlMs: 100 });
    lru.set('c', 'C');
    lru.set('d', 'D', { ttlMs: Infinity });
    advance(10);
    expect(lru.purgeStale()).toBe(2);
    expect(log).toEqual([['a', 'ttl'], ['c', 'ttl']]);
    expect(lru.keys()).toEqual(['d', 'b']);
    expect(lru.size).toBe(2);
    expect(lru.purgeStale()).toBe(0);
  });

  test('an expired entry evicted for room is reported as ttl, not lru', () => {
    const { lru, log, advance } = clocked({ ttlMs: 10, maxEntries: 2 });
    lru.set('a', 'A');
    lru.set('b', 'B', { ttlMs: 1_000 });
    advance(10);
    lru.set('c', 'C');
    lru.set('d', 'D');
    expect(log).toEqual([['a', 'ttl'], ['b', 'lru']]);
  });

  test('overwriting a key restarts its TTL', () => {
    const { lru, advance } = clocked({ ttlMs: 10 });
    lru.set('a', '1');
    advance(8);
    lru.set('a', '2');
    advance(8);
    expect(lru.get('a')).toBe('2');
  });

  test('without any TTL the clock is never read, by set, get, peek, has, keys or purgeStale', () => {
    const { lru, reads } = clocked();
    lru.set('a', 'A');
    lru.get('a');
    lru.get('zz');
    lru.peek('a');
    lru.has('a');
    lru.keys();
    lru.entries();
    lru.purgeStale();
    expect(reads()).toBe(0);
  });

  test('entries without a TTL do not read the clock on get even when others have one', () => {
    const { lru, reads } = clocked();
    lru.set('ttl', 'x', { ttlMs: 100 });
    lru.set('plain', 'x');
    const before = reads();
    for (let i = 0; i < 10; i++) lru.get('plain');
    expect(reads()).toBe(before);
    lru.get('ttl');
    expect(reads()).toBe(before + 1);
  });

  test('purgeStale on a cache without TTLs removes nothing', () => {
    const { lru } = clocked();
    lru.set('a', 'A');
    expect(lru.purgeStale()).toBe(0);
    expect(lru.size).toBe(1);
  });
});
