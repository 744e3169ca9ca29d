// The crash suite's checker (scripts/crash/check.mjs): what a reopened profile may hold after a
// kill, given the log of issues, acknowledgements, errors and evictions. Each rule, and that a
// violation of it is caught.
import { describe, expect, test } from 'vitest';
import { addSession, checkReads, checkScan, evictedKeys, newHistory, rebase } from '../../scripts/crash/check.mjs';
import { valueOf } from '../../scripts/crash/workload.mjs';

const KEYS = ['a', 'b'];
const set = (n: number, key: string, id: number) => ({ e: 'i', n, op: 'set', key, id, size: 30 });
const ack = (n: number) => ({ e: 'a', n });

function kinds(events: Record<string, unknown>[], reads: Record<string, string | null>): string[] {
  const history = newHistory();
  addSession(history, events, KEYS);
  return checkReads(history, reads).failures.map((f) => f.kind);
}

describe('crash checker', () => {
  test('an acknowledged set must read back exactly', () => {
    const events = [set(1, 'a', 1), ack(1)];
    expect(kinds(events, { a: valueOf(1, 30) })).toEqual([]);
    expect(kinds(events, { a: null })).toEqual(['lost']);
    expect(kinds(events, { a: `${valueOf(1, 29)}x` })).toEqual(['never-written']);
  });

  test('an older value after a later acknowledged set or delete is a regression', () => {
    expect(kinds([set(1, 'a', 1), ack(1), set(2, 'a', 2), ack(2)], { a: valueOf(1, 30) })).toEqual(['regressed']);
    expect(kinds([set(1, 'a', 1), ack(1), { e: 'i', n: 2, op: 'delete', key: 'a' }, ack(2)], { a: valueOf(1, 30) })).toEqual(['regressed']);
    expect(kinds([set(1, 'a', 1), ack(1), { e: 'i', n: 2, op: 'clear' }, ack(2)], { a: valueOf(1, 30), b: null })).toEqual(['regressed']);
  });

  test('a write in flight at the kill may or may not have landed', () => {
    const events = [set(1, 'a', 1), ack(1), set(2, 'a', 2), { e: 'i', n: 3, op: 'delete', key: 'a' }];
    for (const read of [valueOf(1, 30), valueOf(2, 30), null]) expect(kinds(events, { a: read })).toEqual([]);
  });

  test('a write with an error event on its way is not confirmed: the disk may keep what it had', () => {
    const events = [set(1, 'a', 1), ack(1), { e: 'i', n: 2, op: 'delete', key: 'a' }, { e: 'err', code: 'quota' }, ack(2)];
    expect(kinds(events, { a: valueOf(1, 30) })).toEqual([]);
  });

  test('an evicted key is absent, never an older value', () => {
    const events = [set(1, 'a', 1), ack(1), set(2, 'a', 2), ack(2), { e: 'ev', key: 'a', reason: 'lru' }, ...Array.from({ length: 60 }, (_, i) => ack(100 + i))];
    expect(kinds(events, { a: null })).toEqual([]);
    expect(kinds(events, { a: valueOf(1, 30) })).toEqual(['regressed']);
  });

  test('a quota error near the kill may have set off an eviction whose event the kill cut off; far from it, it may not', () => {
    const near = [set(1, 'a', 1), ack(1), { e: 'err', code: 'quota' }, ...Array.from({ length: 10 }, (_, i) => ack(100 + i))];
    expect(kinds(near, { a: null })).toEqual([]);
    expect(kinds(near, { a: valueOf(1, 30) })).toEqual([]);
    const far = [set(1, 'a', 1), ack(1), { e: 'err', code: 'quota' }, ...Array.from({ length: 60 }, (_, i) => ack(100 + i))];
    expect(kinds(far, { a: null })).toEqual(['lost']);
  });

  test("the worker's own eviction note stands for the eviction whose page event the kill cut off", () => {
    // Worker mode, as seed 1 round 1 ran: a burst pushes the disk over budget, the worker evicts
    // 'a' before it replies, and the kill comes after the replies but before the page hears of the
    // eviction. Only the worker's note, logged as the worker posted it, records it.
    const burst = Array.from({ length: 60 }, (_, i) => set(10 + i, 'b', 100 + i));
    const acks = burst.map((_, i) => ack(10 + i));
    const before = [set(1, 'a', 1), ack(1), ...burst];
    expect(kinds([...before, { e: 'wev', key: 'a', reason: 'budget' }, ...acks], { a: null, b: valueOf(159, 30) })).toEqual([]);
    expect(kinds([...before, ...acks], { a: null, b: valueOf(159, 30) })).toEqual(['lost']);
  });

  test('an eviction note, recorded before its deletes commit, lets its victims be absent or keep their value, never an older one', () => {
    // Seed 4 round 1 as it failed: a burst's budget eviction takes the oldest writes, and the kill
    // comes before any 'ev' event of it reaches the log, far from every other eviction.
    const later = Array.from({ length: 60 }, (_, i) => ack(100 + i));
    const before = [set(1, 'a', 1), ack(1), set(2, 'a', 2), ack(2), set(3, 'b', 3), ack(3)];
    const noted = [...before, { e: 'evi', keys: ['a'] }, ...later];
    expect(kinds(noted, { a: null, b: valueOf(3, 30) })).toEqual([]);
    expect(kinds(noted, { a: valueOf(2, 30), b: valueOf(3, 30) })).toEqual([]); // killed before the deletes committed
    expect(kinds(noted, { a: valueOf(1, 30), b: valueOf(3, 30) })).toEqual(['regressed']);
    expect(kinds(noted, { a: null, b: null })).toEqual(['lost']); // not a victim
    expect(kinds([...before, ...later], { a: null, b: valueOf(3, 30) })).toEqual(['lost']);
    // A set logged after the note is not one of its victims.
    expect(kinds([set(1, 'a', 1), ack(1), { e: 'evi', keys: ['a'] }, set(2, 'a', 2), ack(2), ...later], { a: null, b: null })).toEqual(['lost']);
    expect(evictedKeys([{ e: 'evi', keys: ['a', 'b'] }])).toEqual(new Set(['a', 'b']));
    const history = newHistory();
    addSession(history, noted, KEYS);
    expect(checkReads(history, { a: null, b: valueOf(3, 30) }).notedOnly).toBe(1);
  });

  test("the worker's fault note makes the writes on their way unconfirmed, like the page's error event", () => {
    const events = [set(1, 'a', 1), ack(1), { e: 'i', n: 2, op: 'delete', key: 'a' }, { e: 'werr', code: 'write' }, ack(2), ...Array.from({ length: 60 }, (_, i) => ack(100 + i))];
    expect(kinds(events, { a: valueOf(1, 30) })).toEqual([]);
  });

  test('a key evicted in the checking session after its read may be absent at the next check', () => {
    const later = Array.from({ length: 60 }, (_, i) => ack(100 + i));
    const check = (evicted: Set<string>) => {
      const history = newHistory();
      addSession(history, [set(1, 'a', 1), ack(1)], KEYS);
      rebase(history, { a: valueOf(1, 30), b: null }, evicted);
      addSession(history, later, KEYS);
      return checkReads(history, { a: null, b: null }).failures.map((f) => f.kind);
    };
    expect(check(evictedKeys([{ e: 'ev', key: 'a', reason: 'budget' }]))).toEqual([]);
    expect(check(evictedKeys([{ e: 'wev', key: 'a', reason: 'budget' }]))).toEqual([]);
    expect(check(new Set())).toEqual(['lost']);
  });

  test('totals must equal the scan, every meta needs its body, and the budget holds', () => {
    const scan = { records: [{ key: 'a', rawBytes: 10, storedBytes: 8 }], bodyBytes: { a: 8 } };
    expect(checkScan({ entries: 1, rawBytes: 10, storedBytes: 8 }, scan, 100)).toEqual([]);
    expect(checkScan({ entries: 2, rawBytes: 10, storedBytes: 8 }, scan, 100).map((f) => f.kind)).toEqual(['totals']);
    expect(checkScan({ entries: 1, rawBytes: 10, storedBytes: 8 }, { ...scan, bodyBytes: { a: 7, z: 1 } }, 4).map((f) => f.kind)).toEqual(['body', 'orphan-body', 'budget']);
  });
});
