// keyRuns: victims that are neighbours among the stored keys become one range delete; nothing else is covered.
import { describe, expect, test } from 'vitest';
import { keyRuns } from '../../src/disk/store/index.ts';

describe('keyRuns', () => {
  test('groups adjacent victims and splits around survivors', () => {
    expect(keyRuns(['a', 'b', 'd', 'e', 'g'], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toEqual([['a', 'b'], ['d', 'e'], ['g', 'g']]);
  });
  test('every victim, no survivor: one run', () => {
    expect(keyRuns(['k1', 'k2', 'k3'], ['k1', 'k2', 'k3'])).toEqual([['k1', 'k3']]);
  });
  test('victims past a truncated listing become single-key runs', () => {
    expect(keyRuns(['a', 'b', 'x', 'y'], ['a', 'b', 'c'])).toEqual([['a', 'b'], ['x', 'x'], ['y', 'y']]);
  });
  test('a range never spans a stored key that is not a victim', () => {
    const stored = Array.from({ length: 200 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const victims = stored.filter((_, i) => i % 3 !== 1);
    const survivors = new Set(stored.filter((_, i) => i % 3 === 1));
    const runs = keyRuns(victims, stored);
    for (const [first, last] of runs) for (const s of survivors) expect(s > first && s < last).toBe(false);
    const covered = runs.flatMap(([f, l]) => stored.filter((k) => k >= f && k <= l));
    expect(covered).toEqual(victims);
  });
});
