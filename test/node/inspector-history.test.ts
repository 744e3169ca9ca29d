// The inspector's history (demo/inspector/series.ts): stats() readings become per-interval
// hit rates, byte series and request counts by source.
import { describe, expect, test } from 'vitest';
import { History } from '../../demo/inspector/series.ts';
import type { CacheStats } from '../../src/types.ts';

function stats(m: Partial<CacheStats['memory']> = {}, d: Partial<CacheStats['disk']> = {}): CacheStats {
  return {
    memory: { entries: 0, bytes: 0, hits: 0, misses: 0, evictions: 0, ...m },
    disk: { entries: 0, rawBytes: 0, storedBytes: 0, hits: 0, misses: 0, evictions: 0, ...d },
    quota: { usage: 0, quota: 0, persisted: false },
  };
}

describe('History', () => {
  test('rates and counts are per interval between consecutive samples', () => {
    const h = new History();
    h.push(1000, stats({ hits: 2, misses: 2 }, { hits: 1, misses: 1 }));
    h.push(3000, stats({ hits: 8, misses: 4, bytes: 500 }, { hits: 4, misses: 5, storedBytes: 100, rawBytes: 300 }));
    const c = h.columns();
    expect(c.t).toEqual([3]);
    expect(c.memoryHitRate).toEqual([6 / 8]);
    expect(c.diskHitRate).toEqual([3 / 7]);
    expect(c.fromMemory).toEqual([6]);
    expect(c.fromDisk).toEqual([3]);
    expect(c.fromNetwork).toEqual([4]);
    expect(c.memoryBytes).toEqual([500]);
    expect(c.diskStoredBytes).toEqual([100]);
    expect(c.diskRawBytes).toEqual([300]);
  });

  test('an interval without lookups has no hit rate (a gap, not 0 %)', () => {
    const h = new History();
    h.push(0, stats({ hits: 3 }));
    h.push(2000, stats({ hits: 3 }));
    expect(h.columns().memoryHitRate).toEqual([null]);
  });

  test('counters that go backwards (a new cache or a restarted worker) count from zero', () => {
    const h = new History();
    h.push(0, stats({}, { hits: 50, misses: 10 }));
    h.push(2000, stats({}, { hits: 3, misses: 1 }));
    const c = h.columns();
    expect(c.fromDisk).toEqual([3]);
    expect(c.fromNetwork).toEqual([1]);
  });

  test('keeps at most `capacity` samples and ignores out-of-order ones', () => {
    const h = new History(3);
    for (let i = 0; i < 10; i++) h.push(i * 1000, stats({ hits: i }));
    h.push(500, stats({ hits: 99 }));
    expect(h.length).toBe(3);
    expect(h.columns().t).toEqual([8, 9]);
  });

  test('samples are copies: mutating the stats object later changes nothing', () => {
    const h = new History();
    const s = stats({ bytes: 1 });
    h.push(0, s);
    h.push(1000, s);
    s.memory.bytes = 999;
    expect(h.columns().memoryBytes).toEqual([1]);
  });

  test('a capacity below 2 or not an integer is a RangeError', () => {
    expect(() => new History(1)).toThrow(RangeError);
    expect(() => new History(2.5)).toThrow(RangeError);
  });
});
