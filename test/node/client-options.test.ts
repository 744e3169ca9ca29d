import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
const make = (o: Parameters<typeof createCache>[0]) => {
  const c = createCache(o);
  open.push(c);
  return c;
};

test('no memory bound is a TypeError that names the options', () => {
  expect(() => createCache(undefined as never)).toThrow(TypeError);
  expect(() => createCache({} as never)).toThrow(/memory\.maxEntries.*memory\.maxBytes/);
  expect(() => createCache({ memory: {} } as never)).toThrow(TypeError);
});

test('negative, NaN, Infinity and fractional bounds are RangeErrors or TypeErrors naming the option', () => {
  expect(() => createCache({ memory: { maxEntries: -1 } })).toThrow(/memory\.maxEntries/);
  expect(() => createCache({ memory: { maxEntries: 1.5 } })).toThrow(RangeError);
  expect(() => createCache({ memory: { maxBytes: Infinity } })).toThrow(RangeError);
  expect(() => createCache({ memory: { maxBytes: NaN } })).toThrow(TypeError);
  expect(() => createCache({ memory: { maxEntries: 10 }, disk: { maxBytes: -5 } })).toThrow(/disk\.maxBytes/);
  expect(() => createCache({ memory: { maxEntries: 10 }, disk: { lowWater: 2 } })).toThrow(/lowWater/);
  expect(() => createCache({ memory: { maxEntries: 10 }, ttlMs: -1 })).toThrow(/ttlMs/);
  expect(() => createCache({ memory: { maxEntries: 10 }, workerTimeoutMs: -1 })).toThrow(/workerTimeoutMs/);
});

test('unknown strategy, bad name and bad clock are TypeErrors', () => {
  expect(() => createCache({ memory: { maxEntries: 10 }, strategy: 'cache-last' as never })).toThrow(/strategy must be one of/);
  expect(() => createCache({ memory: { maxEntries: 10 }, name: '' })).toThrow(/name must match/);
  expect(() => createCache({ memory: { maxEntries: 10 }, name: 'a/b' })).toThrow(TypeError);
  expect(() => createCache({ memory: { maxEntries: 10 }, now: 5 as never })).toThrow(/now must be a function/);
});

test('valid options return a usable cache at once, named "default" unless told', async () => {
  const c = make({ memory: { maxEntries: 10 }, disk: false });
  expect(c.name).toBe('default');
  expect(c.mode).toBe('memory');
  await c.set('k', { a: 1 });
  expect(c.peek('k')).toEqual({ a: 1 });
  expect(make({ memory: { maxBytes: 1 << 20 }, name: 'api', disk: false }).name).toBe('api');
});

test('disk.compress and disk.persist are checked by createCache itself, not later in the worker', () => {
  expect(() => createCache({ memory: { maxEntries: 1 }, disk: { compress: { level: 42 as 1 } } })).toThrow(/disk\..*level/);
  expect(() => createCache({ memory: { maxEntries: 1 }, disk: { compress: 'fast' as unknown as false } })).toThrow(TypeError);
  expect(() => createCache({ memory: { maxEntries: 1 }, disk: { persist: 'yes' as unknown as boolean } })).toThrow(/disk\..*persist/);
  expect(() => createCache({ memory: { maxEntries: 1 }, disk: { compress: { level: 1, minBytes: 512 } } }).close()).not.toThrow();
});
