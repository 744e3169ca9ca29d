// list(): records most recently accessed first, at most `limit`, with their metadata.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

test('lists most recently accessed first, reads counted as access, limit honoured', async () => {
  const name = uniqueName('list');
  names.push(name);
  let clock = 100;
  const tier = new DiskTier({ name, now: () => clock });
  for (const key of ['a', 'b', 'c', 'd']) {
    clock += 10;
    await tier.set(key, encodeValue(`value ${key}`), { ttlMs: 1000 });
  }
  clock = 500;
  await tier.get('b'); // coalesced last-access update, flushed before list reads
  const list = await tier.list();
  expect(list.map((i) => i.key)).toEqual(['b', 'd', 'c', 'a']);
  expect(list[0]).toEqual({ key: 'b', kind: 'string', codec: 'raw', rawBytes: 7, storedBytes: 7, createdAt: 120, expiresAt: 1120, lastAccess: 500 });
  expect((await tier.list({ limit: 2 })).map((i) => i.key)).toEqual(['b', 'd']);
  expect(await tier.list({ limit: 0 })).toEqual([]);
  tier.close();
  // Access order survives a reopen.
  const again = new DiskTier({ name });
  expect((await again.list()).map((i) => i.key)).toEqual(['b', 'd', 'c', 'a']);
  again.close();
});
