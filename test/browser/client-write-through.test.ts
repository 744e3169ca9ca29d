// set(): memory at once, disk write-through batched per tick, and the memory copy never lost
// before its disk write completed.
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import { countingOpener, uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

test('the sets of one tick share one disk batch; sets in later ticks get their own', async () => {
  const { openDisk, tiers } = countingOpener();
  const c = createCache({ name: uniqueName('tick'), memory: { maxEntries: 1000 }, openDisk } as never);
  open.push(c);
  await c.set('warm', 0); // opens the tier
  const before = tiers[0]!.batches;
  await Promise.all(Array.from({ length: 50 }, (_, i) => c.set(`k${i}`, { i })));
  expect(tiers[0]!.batches - before).toBe(1);
  expect(tiers[0]!.sets).toBe(51);
  await c.set('a', 1);
  await c.set('b', 2);
  expect(tiers[0]!.batches - before).toBe(3);
});

test('batch(fn) writes every set inside, awaited or not, as one disk batch, and resolves after it', async () => {
  const { openDisk, tiers } = countingOpener();
  const name = uniqueName('batch');
  const c = createCache({ name, memory: { maxEntries: 1000 }, openDisk } as never);
  open.push(c);
  await c.set('warm', 0);
  const before = tiers[0]!.batches;
  const result = await c.batch(async () => {
    for (let i = 0; i < 20; i++) await c.set(`b${i}`, i); // awaiting inside must not deadlock
    void c.set('last', 'x');
    return 'done';
  });
  expect(result).toBe('done');
  expect(tiers[0]!.batches - before).toBe(1);
  const reader = createCache({ name, memory: { maxEntries: 10 } });
  open.push(reader);
  expect(await reader.get('b19')).toBe(19);
  expect(await reader.get('last')).toBe('x');
});

test('a value evicted from memory before its disk write completed is still returned', async () => {
  const c = createCache({ name: uniqueName('pending'), memory: { maxEntries: 1 } });
  open.push(c);
  const first = c.set('a', { v: 'a' });
  void c.set('b', { v: 'b' }); // evicts 'a' from memory in the same tick
  expect(c.peek('a')).toBeUndefined();
  expect(await c.get('a')).toEqual({ v: 'a' }); // from the pending-write map or disk, never lost
  await first;
  expect(await c.get('a')).toEqual({ v: 'a' });
});

test('a value larger than maxEntryBytes is a RangeError and nothing is stored', async () => {
  const c = createCache({ name: uniqueName('big'), memory: { maxEntries: 10 }, maxEntryBytes: 1000 });
  open.push(c);
  await expect(c.set('big', 'x'.repeat(2000))).rejects.toThrow(RangeError);
  expect(await c.has('big')).toBe(false);
});

test('set() then close() at once: the write still lands, and set resolves after it did', async () => {
  const name = uniqueName('close-drain');
  const c = createCache({ name, memory: { maxEntries: 10 } });
  const setting = c.set('k', { v: 1 });
  c.close();
  await setting;
  const reader = createCache({ name, memory: { maxEntries: 10 } });
  open.push(reader);
  expect(await reader.get('k')).toEqual({ v: 1 });
});
