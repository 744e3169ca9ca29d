// Victim choice: expired first, then least recently accessed, bounded by bytes and by batch size.
import { describe, expect, test } from 'vitest';
import { chooseVictims, type VictimCandidate } from '../../src/disk/victims.ts';

const c = (key: string, storedBytes: number, lastAccess: number, expiresAt = Infinity): VictimCandidate => ({ key, storedBytes, lastAccess, expiresAt });

describe('chooseVictims', () => {
  const now = 1000;
  const candidates = [
    c('fresh-old', 100, 10),
    c('fresh-new', 100, 900),
    c('expired-late', 100, 5, 999),
    c('fresh-mid', 100, 500),
    c('expired-early', 100, 950, 200),
    c('expires-now', 100, 990, 1000),
  ];

  test('takes expired records first (earliest expiry first), then least recently accessed', () => {
    const victims = chooseVictims(candidates, { now, bytesToFree: 600, limit: 100 });
    expect(victims.map((v) => [v.key, v.reason])).toEqual([
      ['expired-early', 'ttl'],
      ['expired-late', 'ttl'],
      ['expires-now', 'ttl'],
      ['fresh-old', 'budget'],
      ['fresh-mid', 'budget'],
      ['fresh-new', 'budget'],
    ]);
  });

  test('stops once enough bytes are chosen', () => {
    expect(chooseVictims(candidates, { now, bytesToFree: 150, limit: 100 }).map((v) => v.key)).toEqual(['expired-early', 'expired-late']);
    expect(chooseVictims(candidates, { now, bytesToFree: 0, limit: 100 })).toEqual([]);
  });

  test('with purgeExpired takes every expired record even when fewer bytes would do, and no live one', () => {
    expect(chooseVictims(candidates, { now, bytesToFree: 0, limit: 100, purgeExpired: true }).map((v) => v.key)).toEqual(['expired-early', 'expired-late', 'expires-now']);
  });

  test('never returns more than limit victims', () => {
    expect(chooseVictims(candidates, { now, bytesToFree: 10_000, limit: 4 })).toHaveLength(4);
  });

  test('labels live victims with the space reason (quota during quota recovery) and reports their bytes', () => {
    const victims = chooseVictims([c('a', 321, 1)], { now, bytesToFree: 1, limit: 10, spaceReason: 'quota' });
    expect(victims).toEqual([{ key: 'a', reason: 'quota', bytes: 321 }]);
  });

  test('deduplicates candidates seen through both indexes and breaks access-time ties by key', () => {
    const victims = chooseVictims([c('b', 10, 5), c('a', 10, 5), c('b', 10, 5)], { now, bytesToFree: 100, limit: 10 });
    expect(victims.map((v) => v.key)).toEqual(['a', 'b']);
  });
});
