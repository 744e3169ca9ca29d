// Expiry: an expired record is a miss unless allowStale, which returns it flagged stale.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

test('expired records are misses by default and stale hits with allowStale', async () => {
  const name = uniqueName('ttl');
  names.push(name);
  let clock = 10_000;
  const tier = new DiskTier({ name, now: () => clock });
  expect(await tier.set('k', encodeValue({ v: 1 }), { ttlMs: 100 })).toBe(true);
  expect(await tier.set('forever', encodeValue({ v: 2 }))).toBe(true);
  const fresh = await tier.get('k');
  expect(fresh).toMatchObject({ stale: false, info: { createdAt: 10_000, expiresAt: 10_100 } });
  clock = 10_099;
  expect(await tier.has('k')).toBe(true);
  clock = 10_100;
  expect(await tier.get('k')).toBeUndefined();
  expect(await tier.has('k')).toBe(false);
  const stale = await tier.get('k', { allowStale: true });
  expect(stale).toMatchObject({ stale: true, value: { kind: 'json' } });
  expect((await tier.get('forever'))?.info.expiresAt).toBe(Infinity);
  clock = Number.MAX_SAFE_INTEGER;
  expect(await tier.has('forever')).toBe(true);
  const stats = await tier.stats();
  expect(stats).toMatchObject({ hits: 3, misses: 1 });
  tier.close();
});

test('a pending write is served with its expiry before its transaction completes', async () => {
  const name = uniqueName('ttl-pending');
  names.push(name);
  let clock = 0;
  const tier = new DiskTier({ name, now: () => clock });
  const writing = tier.set('k', encodeValue('v'), { ttlMs: 10 });
  clock = 20;
  expect(await tier.get('k')).toBeUndefined();
  expect((await tier.get('k', { allowStale: true }))?.stale).toBe(true);
  expect(await writing).toBe(true);
  tier.close();
});
