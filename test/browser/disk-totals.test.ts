// The totals record (entries, raw bytes, stored bytes) equals a full scan of the records after
// 10,000 random puts, overwrites, deletes, expiries and evictions.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, jsonValue, randomBytes, recordEvents, uniqueName } from './disk-helpers.ts';

const name = uniqueName('totals');
afterAll(() => deleteDatabase(name));

// Deterministic PRNG so a failure replays.
function prng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

test('totals equal a full scan after 10,000 random puts, deletes, expiries and evictions', async () => {
  let clock = 1_000_000;
  const tier = new DiskTier({ name, maxBytes: 400_000, maxEntryBytes: 60_000, now: () => clock });
  const { evicts, errors } = recordEvents(tier);
  const random = prng(42);
  const values = [
    encodeValue(jsonValue(1, 300)), // small: raw
    encodeValue(jsonValue(2, 5000)), // compressible
    encodeValue(jsonValue(3, 30_000)),
    { kind: 'Uint8Array' as const, bytes: randomBytes(8000, 3) }, // incompressible: raw
    encodeValue('x'.repeat(2000)),
  ];
  let ops = 0;
  while (ops < 10_000) {
    const group: Promise<unknown>[] = [];
    for (let i = 0; i < 250; i++, ops++) {
      const key = `k${Math.floor(random() * 600)}`;
      const r = random();
      if (r < 0.6) {
        const ttl = random() < 0.2 ? Math.floor(random() * 5000) : undefined;
        group.push(tier.set(key, values[Math.floor(random() * values.length)]!, ttl === undefined ? {} : { ttlMs: ttl }));
      } else if (r < 0.8) group.push(tier.delete(key));
      else group.push(tier.get(key));
    }
    await Promise.all(group);
    clock += 1000;
    if (ops % 2000 === 0) {
      await tier.trim();
      const stats = await tier.stats();
      const scan = await fullScan(name);
      expect({ entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes }).toEqual({ entries: scan.entries, rawBytes: scan.rawBytes, storedBytes: scan.storedBytes });
    }
  }
  await tier.trim();
  const stats = await tier.stats();
  const scan = await fullScan(name);
  expect(stats.entries).toBe(scan.entries);
  expect(stats.rawBytes).toBe(scan.rawBytes);
  expect(stats.storedBytes).toBe(scan.storedBytes);
  // Every meta has its body and every stored byte is counted.
  expect(scan.bodies).toBe(scan.entries);
  expect(scan.bodyBytes).toBe(scan.storedBytes);
  // The run really evicted (budget and ttl) and stayed inside the budget.
  expect(evicts.some((e) => e.reason === 'budget')).toBe(true);
  expect(evicts.some((e) => e.reason === 'ttl')).toBe(true);
  expect(stats.storedBytes).toBeLessThanOrEqual(400_000);
  expect(errors).toEqual([]);
  tier.close();
}, 180_000);
