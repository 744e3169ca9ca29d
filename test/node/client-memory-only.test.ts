// disk: false — the TierCache's own logic over the memory tier: validation before any change,
// TTL by the injected clock, delete/clear, change events. (Disk behaviour is tested in Chromium.)
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

function cache(extra: Partial<Parameters<typeof createCache>[0]> = {}) {
  let clock = 0;
  const c = createCache({ memory: { maxEntries: 3 }, disk: false, now: () => clock, ...extra });
  open.push(c);
  return { c, advance: (ms: number) => void (clock += ms) };
}

test('bad keys and values are rejected with TypeError/RangeError and change nothing', async () => {
  const { c } = cache({ maxEntryBytes: 16 });
  await c.set('k', 'ok');
  await expect(c.set(1 as never, 'x')).rejects.toThrow(TypeError);
  // @ts-expect-error -- a function does not compile; plain JS callers get the TypeError
  await expect(c.set('k', () => 1)).rejects.toThrow(TypeError);
  await expect(c.set('k', { big: 'x'.repeat(100) })).rejects.toThrow(RangeError);
  await expect(c.set('k', 'v', { ttlMs: -1 })).rejects.toThrow(RangeError);
  expect(await c.get('k')).toBe('ok');
  expect(() => c.peek(5 as never)).toThrow(TypeError);
});

test('entries expire by the injected clock: the cache ttlMs or the per-set one', async () => {
  const { c, advance } = cache({ ttlMs: 1000 });
  await c.set('short', 1, { ttlMs: 100 });
  await c.set('default', 2);
  advance(500);
  expect(await c.get('short')).toBeUndefined();
  expect(await c.get('default')).toBe(2);
  advance(600);
  expect(await c.get('default')).toBeUndefined();
  expect(await c.has('default')).toBe(false);
});

test('delete and clear remove values and emit local change events; LRU eviction emits evict', async () => {
  const { c } = cache();
  const changes: unknown[] = [];
  const evicted: unknown[] = [];
  c.addEventListener('change', (e) => changes.push((e as CustomEvent).detail));
  c.addEventListener('evict', (e) => evicted.push((e as CustomEvent).detail));
  for (const k of ['a', 'b', 'c', 'd']) await c.set(k, k);
  expect(evicted).toContainEqual(expect.objectContaining({ key: 'a', tier: 'memory', reason: 'lru' }));
  expect(await c.delete('b')).toBe(true);
  expect(await c.get('b')).toBeUndefined();
  await c.clear();
  expect(await c.get('d')).toBeUndefined();
  expect(changes).toContainEqual({ type: 'delete', key: 'b', origin: 'local' });
  expect(changes).toContainEqual({ type: 'clear', origin: 'local' });
  const stats = await c.stats();
  expect(stats.memory.entries).toBe(0);
  expect(stats.disk).toEqual({ entries: 0, rawBytes: 0, storedBytes: 0, hits: 0, misses: 0, evictions: 0 });
});

test('a closed cache refuses use with CacheError closed-cache', async () => {
  const { c } = cache();
  c.close();
  expect(c.mode).toBe('closed');
  await expect(c.get('k')).rejects.toMatchObject({ code: 'closed-cache' });
  expect(() => c.peek('k')).toThrow(/closed/);
});
