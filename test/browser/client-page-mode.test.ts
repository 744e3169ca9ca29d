// No service worker controls the Vitest page: the TierCache opens the real DiskTier itself.
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import { uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
const make = (name: string, extra: Partial<Parameters<typeof createCache>[0]> = {}) => {
  const c = createCache({ name, memory: { maxEntries: 100 }, ...extra });
  open.push(c);
  return c;
};

test('without a controlling worker the cache runs in page mode and values survive a new instance (disk)', async () => {
  const name = uniqueName('page');
  const a = make(name);
  expect(a.mode).toBe('page');
  const values: [string, unknown][] = [
    ['json', { id: 1, tags: ['a', 'b'], nested: { ok: true } }],
    ['string', 'héllo'],
    ['bytes', new Uint8Array([1, 2, 3, 250])],
    ['floats', new Float64Array([1.5, -2])],
  ];
  await Promise.all(values.map(([k, v]) => a.set(k, v)));
  a.close();
  const b = make(name);
  expect(b.peek('json')).toBeUndefined(); // nothing in the new instance's memory…
  for (const [k, v] of values) expect(await b.get(k)).toEqual(v); // …everything from disk
  expect(b.peek('json')).toEqual(values[0]![1]); // and promoted into memory
  const stats = await b.stats();
  expect(stats.disk.entries).toBe(4);
  expect(stats.disk.storedBytes).toBeGreaterThan(0);
});

test('delete and clear reach the disk: a new instance finds nothing', async () => {
  const name = uniqueName('del');
  const a = make(name);
  await Promise.all([a.set('x', 1), a.set('y', 2), a.set('z', 3)]);
  expect(await a.delete('x')).toBe(true);
  a.close();
  const b = make(name);
  expect(await b.get('x')).toBeUndefined();
  expect(await b.get('y')).toBe(2);
  await b.clear();
  b.close();
  const c = make(name);
  expect(await c.get('y')).toBeUndefined();
  expect((await c.stats()).disk.entries).toBe(0);
});

test('inspect lists both tiers with the mode', async () => {
  const name = uniqueName('inspect');
  const a = make(name);
  await a.set('k1', 'v1');
  await a.set('k2', { v: 2 });
  const seen = await a.inspect({ limit: 10 });
  expect(seen.mode).toBe('page');
  expect(seen.controlled).toBe(false);
  expect(seen.memory.entries.map((e) => e.key).sort()).toEqual(['k1', 'k2']);
  expect(seen.disk.entries.map((e) => e.key).sort()).toEqual(['k1', 'k2']);
  expect(seen.memory.maxEntries).toBe(100);
});
