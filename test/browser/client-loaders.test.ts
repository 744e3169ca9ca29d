// getOrSet, keys() and entries() against the real disk tier (page mode: no worker controls the
// Vitest page). One loader call per key for concurrent callers; aborts that leave nothing behind.
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import { uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
const make = (name: string, maxEntries = 100) => {
  const c = createCache({ name, memory: { maxEntries } });
  open.push(c);
  return c;
};

/** A loader that waits for `release()`, counting its calls and keeping each call's signal. */
function gatedLoader<T>(value: T) {
  const signals: AbortSignal[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const loader = async (signal: AbortSignal): Promise<T> => {
    signals.push(signal);
    await Promise.race([gate, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
    return value;
  };
  return { loader, signals, release: () => release() };
}

test('100 concurrent callers of one key run the loader once, all get its value, and it is stored on disk', async () => {
  const name = uniqueName('getorset');
  const cache = make(name);
  const { loader, signals, release } = gatedLoader({ id: 7, items: [1, 2, 3] });
  const calls = Array.from({ length: 100 }, () => cache.getOrSet('k', loader, { ttlMs: 60_000 }));
  await new Promise((r) => setTimeout(r, 20));
  release();
  const results = await Promise.all(calls);
  expect(signals).toHaveLength(1);
  expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set(['{"id":7,"items":[1,2,3]}']));
  // A later call finds the stored value: no loader call.
  expect(await cache.getOrSet('k', () => Promise.reject(new Error('must not load')))).toEqual({ id: 7, items: [1, 2, 3] });
  cache.close();
  const again = make(name);
  expect(again.peek('k')).toBeUndefined();
  expect(await again.get('k')).toEqual({ id: 7, items: [1, 2, 3] }); // from disk
});

test('an aborted caller rejects at once; the loader aborts only when every caller has, and nothing is stored', async () => {
  const cache = make(uniqueName('abort'));
  const { loader, signals } = gatedLoader('never');
  const controllers = [new AbortController(), new AbortController(), new AbortController()];
  const calls = controllers.map((c) => cache.getOrSet('k', loader, { signal: c.signal }));
  calls.forEach((p) => p.catch(() => undefined));
  await expect.poll(() => signals.length).toBe(1); // the loader runs (getOrSet's code loads at first use)
  controllers[0]!.abort(new Error('first gave up'));
  await expect(calls[0]).rejects.toThrow('first gave up');
  expect(signals[0]!.aborted).toBe(false); // two callers still wait
  controllers[1]!.abort();
  controllers[2]!.abort(new Error('last gave up'));
  await expect(calls[2]).rejects.toThrow('last gave up');
  expect(signals[0]!.aborted).toBe(true);
  expect(await cache.has('k')).toBe(false);
  // The next caller starts afresh.
  expect(await cache.getOrSet('k', () => 'fresh')).toBe('fresh');
  expect(await cache.get('k')).toBe('fresh');
});

test('a caller without a signal keeps the load going; an already aborted signal rejects without loading', async () => {
  const cache = make(uniqueName('nosignal'));
  const { loader, signals, release } = gatedLoader(5);
  const controller = new AbortController();
  const withSignal = cache.getOrSet('k', loader, { signal: controller.signal });
  const without = cache.getOrSet('k', loader);
  await expect.poll(() => signals.length).toBe(1);
  controller.abort();
  await expect(withSignal).rejects.toThrow();
  expect(signals[0]!.aborted).toBe(false);
  release();
  expect(await without).toBe(5);
  expect(await cache.get('k')).toBe(5);
  let called = false;
  await expect(cache.getOrSet('other', () => ((called = true), 1), { signal: AbortSignal.abort() })).rejects.toThrow();
  expect(called).toBe(false);
});

test('a set while the loader runs wins over the loaded value; close aborts the loader', async () => {
  const cache = make(uniqueName('race'));
  const { loader, signals, release } = gatedLoader('loaded');
  const loading = cache.getOrSet('k', loader);
  await expect.poll(() => signals.length).toBe(1);
  await cache.set('k', 'set meanwhile');
  release();
  expect(await loading).toBe('loaded');
  expect(await cache.get('k')).toBe('set meanwhile');

  const gated = gatedLoader('x');
  const pending = cache.getOrSet('k2', gated.loader);
  await expect.poll(() => gated.signals.length).toBe(1);
  cache.close();
  await expect(pending).rejects.toMatchObject({ code: 'closed-cache' });
  expect(gated.signals[0]!.aborted).toBe(true);
});

test('bad getOrSet input is a TypeError or RangeError and loads nothing', async () => {
  const cache = make(uniqueName('badgetorset'));
  await expect(cache.getOrSet('k', 'not a function' as never)).rejects.toThrow(TypeError);
  await expect(cache.getOrSet('k', () => 1, { ttlMs: -1 })).rejects.toThrow(RangeError);
  await expect(cache.getOrSet('tiercache:k', () => 1)).rejects.toThrow(/reserved/);
  await expect(cache.getOrSet('k', () => (() => 1) as never)).rejects.toThrow(TypeError); // set refuses a function
  expect(await cache.has('k')).toBe(false);
});

test('keys() and entries() cover both tiers: memory most recent first, then disk-only records', async () => {
  const name = uniqueName('iterate');
  const writer = make(name);
  for (const k of ['a', 'b', 'c', 'd']) await writer.set(k, `value ${k}`);
  writer.close();
  const cache = make(name, 2);
  expect(await cache.get('b')).toBe('value b'); // promoted: memory holds b
  await cache.set('e', 'value e'); // memory holds e, b (most recent first)
  const keys: string[] = [];
  for await (const key of cache.keys()) keys.push(key);
  expect(keys.slice(0, 2)).toEqual(['e', 'b']);
  expect(keys.slice(2).sort()).toEqual(['a', 'c', 'd']);
  const entries: [string, string][] = [];
  for await (const entry of cache.entries<string>()) entries.push(entry);
  expect(entries.map(([k]) => k)).toEqual(keys);
  for (const [k, v] of entries) expect(v).toBe(`value ${k}`);
  expect(cache.peek('a')).toBeUndefined(); // iterating did not promote disk values
  await expect(cache.set('tiercache:mine', 1)).rejects.toThrow(TypeError);
});
