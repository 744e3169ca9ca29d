// asyncStorage(cache): the AsyncStorage shape (strings in, strings or null out) over a memory-only
// cache; the TanStack persister over a real disk tier is e2e/query-persist.spec.ts.
import { expect, test } from 'vitest';
import { asyncStorage, createCache } from '../../src/index.ts';

function setup(ttlMs = 1000) {
  let now = 1_000_000;
  const cache = createCache({ memory: { maxEntries: 10 }, disk: false, ttlMs, now: () => now });
  return { cache, advance: (ms: number) => void (now += ms) };
}

test('items are strings; missing and non-string values read as null', async () => {
  const { cache } = setup();
  const storage = asyncStorage(cache);
  expect(await storage.getItem('k')).toBeNull();
  await storage.setItem('k', '{"a":1}');
  expect(await storage.getItem('k')).toBe('{"a":1}');
  await cache.set('object', { a: 1 });
  expect(await storage.getItem('object')).toBeNull();
  await storage.removeItem('k');
  expect(await storage.getItem('k')).toBeNull();
  await expect(storage.setItem('n', 5 as never)).rejects.toThrow(TypeError);
  expect(await cache.has('n')).toBe(false);
});

test("items outlive the cache's default ttlMs (the persister's maxAge decides), unless told otherwise", async () => {
  const { cache, advance } = setup(1000);
  await asyncStorage(cache).setItem('client', 'persisted');
  await asyncStorage(cache, { ttlMs: 5000 }).setItem('short', 'x');
  await cache.set('plain', 'x');
  advance(2000);
  expect(await cache.get('plain')).toBeUndefined(); // the cache's default applies to its own sets
  expect(await asyncStorage(cache).getItem('client')).toBe('persisted');
  expect(await asyncStorage(cache).getItem('short')).toBe('x');
  advance(4000);
  expect(await asyncStorage(cache).getItem('short')).toBeNull();
  expect(() => asyncStorage(cache, { ttlMs: -1 })).toThrow(RangeError);
  expect(() => asyncStorage({} as never)).toThrow(TypeError);
});

test('entries() lists the string items, most recently used first', async () => {
  const { cache } = setup();
  const storage = asyncStorage(cache);
  await storage.setItem('a', '1');
  await storage.setItem('b', '2');
  await cache.set('n', 3);
  expect(await storage.entries()).toEqual([
    ['b', '2'],
    ['a', '1'],
  ]);
});
