// Eviction order: expired records first, then least recently accessed; the budget holds when
// each write resolves; every eviction is an `evict` event with its reason.
import { afterAll, expect, test } from 'vitest';
import { DiskTier } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, recordEvents, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));
const tenK = (n: number) => ({ kind: 'Uint8Array' as const, bytes: new Uint8Array(10_000).fill(n) });

test('expired first, then least recently accessed, down to the low-water mark', async () => {
  const name = uniqueName('eviction');
  names.push(name);
  let clock = 1000;
  const tier = new DiskTier({ name, maxBytes: 100_000, lowWater: 0.9, compress: false, now: () => clock });
  const { evicts } = recordEvents(tier);
  for (let i = 0; i < 9; i++) {
    clock++;
    expect(await tier.set(`a${i}`, tenK(i), i === 3 ? { ttlMs: 5 } : {})).toBe(true);
  }
  clock = 1020;
  expect(await tier.get('a0')).toBeDefined(); // a0 becomes the most recently used
  expect(await tier.set('b0', tenK(100))).toBe(true); // 100,000 bytes: at the budget, no eviction
  expect(evicts).toEqual([]);
  expect(await tier.set('b1', tenK(101))).toBe(true); // 110,000 > budget: free down to 90,000
  expect(evicts.map((e) => [e.key, e.reason, e.bytes, e.tier])).toEqual([
    ['a3', 'ttl', 10_000, 'disk'],
    ['a1', 'budget', 10_000, 'disk'],
  ]);
  expect((await tier.stats()).storedBytes).toBe(90_000);

  evicts.length = 0;
  clock = 1030;
  await tier.set('b2', tenK(102));
  await tier.set('b3', tenK(103));
  // a2 and a4 are neighbours in key order once a3 is gone: one range delete must take exactly them.
  expect(evicts.map((e) => e.key)).toEqual(['a2', 'a4']);
  const keys = (await tier.list()).map((i) => i.key).sort();
  expect(keys).toEqual(['a0', 'a5', 'a6', 'a7', 'a8', 'b0', 'b1', 'b2', 'b3']);
  const stats = await tier.stats();
  expect(stats.evictions).toBe(4);
  expect(await fullScan(name)).toMatchObject({ entries: 9, storedBytes: 90_000, bodies: 9 });
  tier.close();
});

test('the budget holds after every write batch', async () => {
  const name = uniqueName('eviction-budget');
  names.push(name);
  const tier = new DiskTier({ name, maxBytes: 50_000, compress: false });
  for (let round = 0; round < 20; round++) {
    const writes = Array.from({ length: 1 + (round % 4) }, (_, i) => tier.set(`r${round}-${i}`, tenK(round)));
    expect(await Promise.all(writes)).toSatisfy((ok: boolean[]) => ok.every(Boolean));
    const stats = await tier.stats();
    expect(stats.storedBytes).toBeLessThanOrEqual(50_000);
    expect(stats.storedBytes).toBe((await fullScan(name)).storedBytes);
  }
  tier.close();
});

test('trim() drops every expired record even under budget and reports what it freed', async () => {
  const name = uniqueName('eviction-trim');
  names.push(name);
  let clock = 0;
  const tier = new DiskTier({ name, maxBytes: 1_000_000, compress: false, now: () => clock });
  const { evicts } = recordEvents(tier);
  await Promise.all([
    tier.set('short1', tenK(1), { ttlMs: 10 }),
    tier.set('short2', tenK(2), { ttlMs: 20 }),
    tier.set('long', tenK(3), { ttlMs: 1000 }),
    tier.set('forever', tenK(4)),
  ]);
  clock = 50;
  expect(await tier.trim()).toEqual({ evicted: 2, freedBytes: 20_000, byReason: { ttl: 2 } });
  expect(evicts.map((e) => [e.key, e.reason])).toEqual([['short1', 'ttl'], ['short2', 'ttl']]);
  expect((await tier.list()).map((i) => i.key).sort()).toEqual(['forever', 'long']);
  expect(await tier.trim()).toEqual({ evicted: 0, freedBytes: 0, byReason: {} });
  tier.close();
});

test('a tier opened over budget evicts on open', async () => {
  const name = uniqueName('eviction-open');
  names.push(name);
  const big = new DiskTier({ name, maxBytes: 1_000_000, compress: false });
  await Promise.all(Array.from({ length: 10 }, (_, i) => big.set(`k${i}`, tenK(i))));
  big.close();
  const small = new DiskTier({ name, maxBytes: 50_000, compress: false });
  const { evicts } = recordEvents(small);
  await small.has('k0'); // opens
  await small.trim(); // joins the eviction started on open
  expect((await small.stats()).storedBytes).toBeLessThanOrEqual(45_000);
  expect(evicts.length).toBeGreaterThanOrEqual(6);
  small.close();
});
