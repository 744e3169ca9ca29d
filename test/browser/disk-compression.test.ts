// Stored records are deflated only when it pays: at least minBytes and at least 10% smaller.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, jsonValue, randomBytes, readBody, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));
function tier(options: ConstructorParameters<typeof DiskTier>[0] extends infer O ? Partial<O> : never = {}) {
  const name = uniqueName('compression');
  names.push(name);
  return new DiskTier({ name, ...options });
}
async function storedBody(name: string, key: string): Promise<number> {
  return (await readBody(name, key))!.byteLength;
}

test('compressible values at or above minBytes are deflated and stored smaller; others raw', async () => {
  const disk = tier();
  const big = encodeValue(jsonValue(1, 20_000));
  const small = encodeValue('y'.repeat(1000)); // compressible but under 1 KiB
  const noise = { kind: 'Uint8Array' as const, bytes: randomBytes(20_000, 9) };
  expect(await Promise.all([disk.set('big', big), disk.set('small', small), disk.set('noise', noise)])).toEqual([true, true, true]);
  const info = Object.fromEntries((await disk.list()).map((i) => [i.key, i]));
  expect(info.big).toMatchObject({ codec: 'deflate', rawBytes: big.bytes.byteLength });
  expect(info.big!.storedBytes).toBeLessThan(big.bytes.byteLength * 0.35);
  expect(info.small).toMatchObject({ codec: 'raw', storedBytes: 1000, rawBytes: 1000 });
  expect(info.noise).toMatchObject({ codec: 'raw', storedBytes: 20_000 });
  // The stored body really has that size, and totals add them up.
  expect(await storedBody(disk.name, 'big')).toBe(info.big!.storedBytes);
  expect((await disk.stats()).storedBytes).toBe(info.big!.storedBytes + 1000 + 20_000);
  expect(decodeValue((await disk.get('big'))!.value)).toEqual(jsonValue(1, 20_000));
  disk.close();
});

test('minBytes and compress: false change the rule', async () => {
  const eager = tier({ compress: { minBytes: 100 } });
  const off = tier({ compress: false });
  const value = encodeValue('z'.repeat(500));
  await Promise.all([eager.set('v', value), off.set('v', value)]);
  expect((await eager.list())[0]).toMatchObject({ codec: 'deflate' });
  expect((await off.list())[0]).toMatchObject({ codec: 'raw', storedBytes: 500 });
  const big = encodeValue(jsonValue(2, 10_000));
  await off.set('big', big);
  expect((await off.list()).find((i) => i.key === 'big')).toMatchObject({ codec: 'raw', storedBytes: big.bytes.byteLength });
  eager.close();
  off.close();
});

test('a higher level stores the same JSON in no more bytes than level 1', async () => {
  const fast = tier({ compress: { level: 1 } });
  const best = tier({ compress: { level: 9 } });
  const value = encodeValue(jsonValue(3, 40_000));
  await Promise.all([fast.set('v', value), best.set('v', value)]);
  const [a] = await fast.list();
  const [b] = await best.list();
  expect(a!.codec).toBe('deflate');
  expect(b!.storedBytes).toBeLessThanOrEqual(a!.storedBytes);
  fast.close();
  best.close();
});
