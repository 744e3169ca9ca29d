// Unknown option keys are a TypeError naming the key and the nearest valid one (issue 16):
// in plain JavaScript a misspelt option would otherwise be silently ignored.
import { expect, test } from 'vitest';
import { createCache } from '../../src/client/createCache.ts';
import { validateRoutes } from '../../src/http/routes.ts';
import { MemoryLru } from '../../src/lru/index.ts';
import { nearestKey } from '../../src/optionKeys.ts';

const bad = (options: unknown) => options as never;

test('createCache: ttl → did you mean ttlMs?', () => {
  expect(() => createCache(bad({ memory: { maxEntries: 10 }, disk: false, ttl: 1000 }))).toThrow(
    new TypeError("createCache: unknown option 'ttl' (did you mean 'ttlMs'?)"),
  );
});

test('createCache: misspelt memory and disk options name their place', () => {
  expect(() => createCache(bad({ memory: { maxEntrie: 10 }, disk: false }))).toThrow(/createCache memory: unknown option 'maxEntrie' \(did you mean 'maxEntries'\?\)/);
  expect(() => createCache(bad({ memory: { maxEntries: 10 }, disk: { maxByte: 1 << 20 } }))).toThrow(/createCache disk: unknown option 'maxByte' \(did you mean 'maxBytes'\?\)/);
  expect(() => createCache(bad({ memory: { maxEntries: 10 }, disk: false, strategie: 'cache-first' }))).toThrow(/did you mean 'strategy'\?/);
});

test('a key with no near neighbour lists the valid options instead', () => {
  expect(() => createCache(bad({ memory: { maxEntries: 10 }, disk: false, zzzzzzzz: 1 }))).toThrow(/unknown option 'zzzzzzzz' \(valid options: name, memory, disk, ttlMs/);
});

test('serveCache routes: ttl → ttlMs, stratgy → strategy', () => {
  expect(() => validateRoutes([{ match: '/api/', strategy: 'cache-first', ttl: 5 }])).toThrow(
    new TypeError("serveCache routes[0]: unknown option 'ttl' (did you mean 'ttlMs'?)"),
  );
  expect(() => validateRoutes([{ match: '/a/', strategy: 'cache-first' }, { match: '/api/', stratgy: 'cache-first' }])).toThrow(/routes\[1\]: unknown option 'stratgy' \(did you mean 'strategy'\?\)/);
});

test('MemoryLru: ttl → ttlMs, onevict → onEvict', () => {
  expect(() => new MemoryLru(bad({ maxEntries: 10, ttl: 100 }))).toThrow(new TypeError("MemoryLru: unknown option 'ttl' (did you mean 'ttlMs'?)"));
  expect(() => new MemoryLru(bad({ maxEntries: 10, onevict: () => 0 }))).toThrow(/did you mean 'onEvict'\?/);
});

test('valid options still pass, and a refused option leaves nothing behind', () => {
  expect(() => new MemoryLru({ maxEntries: 10, ttlMs: 5, weak: true, entryInfo: true })).not.toThrow();
  expect(() => validateRoutes([{ match: '/api/', strategy: 'network-first', timeoutMs: 10, ttlMs: 5, allowAuthorized: true }])).not.toThrow();
  const cache = createCache({ memory: { maxEntries: 10 }, disk: false, ttlMs: 1000 });
  cache.close();
});

test('nearestKey prefers a prefix, then the smallest edit distance', () => {
  expect(nearestKey('ttl', ['ttlMs', 'timeoutMs'])).toBe('ttlMs');
  expect(nearestKey('timout', ['ttlMs', 'timeoutMs'])).toBe('timeoutMs');
  expect(nearestKey('qqqqqq', ['ttlMs', 'timeoutMs'])).toBeUndefined();
});
