// batch(fn): writes inside share transactions and eviction runs once, after fn.
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { DiskTier } from '../../src/disk/index.ts';
import { deleteDatabase, recordEvents, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));
afterEach(() => vi.restoreAllMocks());
const tenK = (n: number) => ({ kind: 'Uint8Array' as const, bytes: new Uint8Array(10_000).fill(n) });

function countReadwriteTransactions(): { count: number } {
  const counter = { count: 0 };
  const original = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') counter.count++;
    return original.apply(this, args);
  });
  return counter;
}

/**
 * 30 sets of 10,000 bytes issued together inside batch(); `meanwhile` runs before fn returns.
 * Returns the acknowledgements and the keys evicted before fn returned.
 */
async function thirtySetsInBatch(tier: DiskTier, meanwhile: (writes: Promise<boolean>[]) => Promise<unknown>) {
  let fnDone = false;
  const evictedBeforeFnDone: string[] = [];
  tier.addEventListener('evict', (e) => {
    if (!fnDone) evictedBeforeFnDone.push((e as CustomEvent).detail.key);
  });
  const writes = await tier.batch(async () => {
    const writes = Array.from({ length: 30 }, (_, i) => tier.set(`k${String(i).padStart(2, '0')}`, tenK(i)));
    await meanwhile(writes);
    fnDone = true;
    return writes;
  });
  return { acks: await Promise.all(writes), evictedBeforeFnDone };
}

test('sets issued together inside batch() share one write transaction and evict once, after fn', async () => {
  const name = uniqueName('batch');
  names.push(name);
  const tier = new DiskTier({ name, maxBytes: 100_000, compress: false });
  await tier.has('warm'); // open first: the counter should see only the batch
  const { evicts } = recordEvents(tier);
  const counter = countReadwriteTransactions();
  // The writes land meanwhile, over budget.
  const { acks, evictedBeforeFnDone } = await thirtySetsInBatch(tier, () => new Promise((r) => setTimeout(r, 50)));
  expect(acks).toEqual(Array(30).fill(true));
  expect(evictedBeforeFnDone).toEqual([]);
  // 300,000 bytes into a 100,000 budget: down to 90,000, the oldest writes first.
  expect(evicts.length).toBe(21);
  expect(evicts[0]!.key).toBe('k00');
  expect((await tier.stats()).storedBytes).toBe(90_000);
  // One write transaction for the 30 puts, plus the eviction's (one batch of 21 victims).
  expect(counter.count).toBe(2);
  tier.close();
});

test('the checks after the first open leave an eviction they find due to the end of batch()', async () => {
  const name = uniqueName('batch-open');
  names.push(name);
  const tier = new DiskTier({ name, maxBytes: 100_000, compress: false });
  const { evicts } = recordEvents(tier);
  // The first write opens the database; the checks after that open wait for the queued writes,
  // then find 300,000 bytes stored over a 100,000 budget while fn is still running.
  const { acks, evictedBeforeFnDone } = await thirtySetsInBatch(tier, async (writes) => {
    await Promise.all(writes);
    await new Promise((r) => setTimeout(r, 300));
  });
  expect(acks).toEqual(Array(30).fill(true));
  expect(evictedBeforeFnDone).toEqual([]);
  expect(evicts.map((e) => e.key)).toEqual(Array.from({ length: 21 }, (_, i) => `k${String(i).padStart(2, '0')}`));
  expect((await tier.stats()).storedBytes).toBe(90_000);
  tier.close();
});

test('batch() returns what fn returns and rethrows what fn throws, still writing what was set', async () => {
  const name = uniqueName('batch-throw');
  names.push(name);
  const tier = new DiskTier({ name, compress: false });
  expect(await tier.batch(() => 42)).toBe(42);
  const boom = new Error('boom');
  let write: Promise<boolean> | undefined;
  await expect(tier.batch(() => {
    write = tier.set('kept', tenK(1));
    throw boom;
  })).rejects.toBe(boom);
  expect(await write).toBe(true);
  expect(await tier.has('kept')).toBe(true);
  tier.close();
});

test('last-access updates count against the ops a write transaction carries: 300 touches take two', async () => {
  const name = uniqueName('touch-bound');
  names.push(name);
  let clock = 1_000;
  const tier = new DiskTier({ name, compress: false, now: () => clock });
  const small = { kind: 'Uint8Array' as const, bytes: new Uint8Array(16) };
  await Promise.all(Array.from({ length: 300 }, (_, i) => tier.set(`k${i}`, small)));
  clock = 5_000;
  for (let i = 0; i < 300; i++) expect(await tier.get(`k${i}`)).toBeDefined();
  const counter = countReadwriteTransactions();
  await tier.list({ limit: 1 }); // flushes the coalesced touches first
  expect(counter.count).toBe(2); // 250 + 50
  const listed = await tier.list({ limit: 300 });
  expect(listed).toHaveLength(300);
  expect(listed.filter((info) => info.lastAccess === 5_000)).toHaveLength(300); // every touch, in both, applied
  tier.close();
});
