// Bad input is a precise TypeError or RangeError and stores nothing.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, encodeValue } from '../../src/disk/index.ts';
import type { EncodedValue } from '../../src/diskContract.ts';
import { deleteDatabase, fullScan, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

test('bad keys, values and TTLs throw and leave the store unchanged', async () => {
  const name = uniqueName('input');
  names.push(name);
  const tier = new DiskTier({ name });
  await tier.set('ok', encodeValue(1));
  await expect(tier.set(5 as unknown as string, encodeValue(1))).rejects.toThrow(TypeError);
  await expect(tier.set('k', { kind: 'nope', bytes: new Uint8Array(1) } as unknown as EncodedValue)).rejects.toThrow(/kind/);
  await expect(tier.set('k', { kind: 'json', bytes: [1, 2] } as unknown as EncodedValue)).rejects.toThrow(/Uint8Array/);
  await expect(tier.set('k', null as unknown as EncodedValue)).rejects.toThrow(TypeError);
  await expect(tier.set('k', encodeValue(1), { ttlMs: -1 })).rejects.toThrow(RangeError);
  await expect(tier.set('k', encodeValue(1), { ttlMs: NaN })).rejects.toThrow(RangeError);
  await expect(tier.set('k', encodeValue(1), { ttlMs: '5' as unknown as number })).rejects.toThrow(TypeError);
  await expect(tier.get(1 as unknown as string)).rejects.toThrow(TypeError);
  await expect(tier.delete({} as unknown as string)).rejects.toThrow(TypeError);
  await expect(tier.list({ limit: -1 })).rejects.toThrow(RangeError);
  expect((await tier.list()).map((i) => i.key)).toEqual(['ok']);
  expect(await fullScan(name)).toMatchObject({ entries: 1 });
  tier.close();
});

test('a value over maxEntryBytes is refused (false), nothing stored', async () => {
  const name = uniqueName('input-size');
  names.push(name);
  const tier = new DiskTier({ name, maxBytes: 4000 }); // maxEntryBytes defaults to 1000
  expect(await tier.set('big', { kind: 'Uint8Array', bytes: new Uint8Array(1001) })).toBe(false);
  expect(await tier.set('fits', { kind: 'Uint8Array', bytes: new Uint8Array(1000) })).toBe(true);
  expect((await tier.list()).map((i) => i.key)).toEqual(['fits']);
  tier.close();
});

test('bad options throw from the constructor; good ones do not open anything yet', () => {
  expect(() => new DiskTier({ name: '' })).toThrow(TypeError);
  expect(() => new DiskTier({ name: 'x', maxBytes: -5 })).toThrow(RangeError);
  expect(() => new DiskTier({ name: 'x', compress: { level: 12 as 9 } })).toThrow(RangeError);
  expect(() => new DiskTier({ name: uniqueName('never-opened') })).not.toThrow();
});

test('after close() reads miss and writes resolve false without rejecting', async () => {
  const name = uniqueName('input-closed');
  names.push(name);
  const tier = new DiskTier({ name });
  const before = tier.set('a', encodeValue('a'));
  tier.close();
  expect(await before).toBe(true); // queued before close: still written
  expect(await tier.set('b', encodeValue('b'))).toBe(false);
  expect(await tier.get('a')).toBeUndefined();
  expect(await tier.delete('a')).toBe(false);
  const again = new DiskTier({ name });
  expect(await again.has('a')).toBe(true);
  expect(await again.has('b')).toBe(false);
  again.close();
});
