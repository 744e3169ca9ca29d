// The inspector's eviction log (demo/inspector/evictions.ts).
import { describe, expect, test } from 'vitest';
import { EvictionLog } from '../../demo/inspector/evictions.ts';

describe('EvictionLog', () => {
  test('keeps evictions newest first with tier, reason, bytes and time', () => {
    const log = new EvictionLog();
    log.add({ key: 'a', tier: 'memory', reason: 'lru', bytes: 10 }, 1);
    log.add({ key: 'b', tier: 'disk', reason: 'budget', bytes: 20 }, 2);
    expect(log.entries().map((e) => [e.key, e.tier, e.reason, e.bytes, e.at])).toEqual([
      ['b', 'disk', 'budget', 20, 2],
      ['a', 'memory', 'lru', 10, 1],
    ]);
  });

  test('counts by reason and tier keep counting past the capacity', () => {
    const log = new EvictionLog(2);
    for (let i = 0; i < 5; i++) log.add({ key: `k${i}`, tier: i % 2 ? 'disk' : 'memory', reason: i < 3 ? 'ttl' : 'quota', bytes: 100 }, i);
    expect(log.entries().map((e) => e.key)).toEqual(['k4', 'k3']);
    const counts = log.counts();
    expect(counts.total).toBe(5);
    expect(counts.byReason.ttl).toEqual({ count: 3, bytes: 300 });
    expect(counts.byReason.quota).toEqual({ count: 2, bytes: 200 });
    expect(counts.byReason.lru).toEqual({ count: 0, bytes: 0 });
    expect(counts.byTier).toEqual({ memory: 3, disk: 2 });
  });

  test('filters by reason', () => {
    const log = new EvictionLog();
    log.add({ key: 'a', tier: 'memory', reason: 'lru', bytes: 1 }, 1);
    log.add({ key: 'b', tier: 'disk', reason: 'manual', bytes: 1 }, 2);
    log.add({ key: 'c', tier: 'disk', reason: 'ttl', bytes: 1 }, 3);
    expect(log.entries(new Set(['lru', 'ttl'])).map((e) => e.key)).toEqual(['c', 'a']);
  });

  test('malformed details are refused and not counted; a missing size counts as 0 bytes', () => {
    const log = new EvictionLog();
    expect(log.add(null, 1)).toBe(false);
    expect(log.add({ key: 1, tier: 'disk', reason: 'lru' }, 1)).toBe(false);
    expect(log.add({ key: 'a', tier: 'cpu', reason: 'lru' }, 1)).toBe(false);
    expect(log.add({ key: 'a', tier: 'disk', reason: 'boredom' }, 1)).toBe(false);
    expect(log.add({ key: 'a', tier: 'disk', reason: 'lru', bytes: -5 }, 1)).toBe(true);
    expect(log.entries()).toHaveLength(1);
    expect(log.entries()[0]?.bytes).toBe(0);
    expect(log.counts().total).toBe(1);
  });

  test('clear empties entries and counts; capacity must be a positive integer', () => {
    const log = new EvictionLog();
    log.add({ key: 'a', tier: 'disk', reason: 'lru', bytes: 1 }, 1);
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(log.counts().total).toBe(0);
    expect(() => new EvictionLog(0)).toThrow(RangeError);
  });
});
