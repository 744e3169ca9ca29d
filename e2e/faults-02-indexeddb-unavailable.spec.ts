// Scenario 2: IndexedDB missing (Safari private mode) or `indexedDB.open` throwing SecurityError
// / InvalidStateError (Firefox private mode, cookies disabled). Expected: no rejection, the cache
// keeps working from memory, reports an `error` and says it is memory-only; nothing reaches disk.
import type { Page } from '@playwright/test';
import { dbName, expect, expectNoRejections, openPage, test, uniqueName } from './support/harness.ts';

async function exerciseMemoryOnly(page: Page, name: string) {
  return page.evaluate(async (name) => {
    const cache = window.tc.make('c', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 1 << 20, openTimeoutMs: 2000 } });
    await cache.set('a', { n: 1 });
    await cache.batch(async () => {
      for (let i = 0; i < 20; i++) void cache.set(`k${i}`, `value ${i}`);
    });
    const a = await cache.get('a');
    const k7 = await cache.get('k7');
    const has = await cache.has('k19');
    const deleted = await cache.delete('k19');
    const stats = await cache.stats();
    const inspect = await cache.inspect();
    return { a, k7, has, deleted, stats, mode: cache.mode, inspectMode: inspect.mode, errors: window.tc.errors.c ?? [] };
  }, name);
}

test('with indexedDB removed the cache serves from memory, reports memory mode and never rejects', async ({ context }) => {
  await context.addInitScript(() => {
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get: () => undefined });
  });
  const name = uniqueName('noidb');
  const page = await openPage(context, { sw: false });
  const r = await exerciseMemoryOnly(page, name);
  expect(r.a).toEqual({ n: 1 });
  expect(r.k7).toBe('value 7');
  expect(r.has).toBe(true);
  expect(r.deleted).toBe(true);
  expect(r.mode).toBe('memory');
  expect(r.inspectMode).toBe('memory');
  expect(r.stats.memory.entries).toBe(20);
  expect(r.stats.disk).toMatchObject({ entries: 0, storedBytes: 0 });
  await expectNoRejections(page);
});

for (const errorName of ['SecurityError', 'InvalidStateError'] as const) {
  test(`indexedDB.open throwing ${errorName} degrades to memory with an 'unavailable' error and writes nothing`, async ({ context }) => {
    await context.addInitScript((errorName) => {
      IDBFactory.prototype.open = function open() {
        throw new DOMException(`simulated private mode (${errorName})`, errorName);
      };
    }, errorName);
    const name = uniqueName(errorName);
    const page = await openPage(context, { sw: false });
    const r = await exerciseMemoryOnly(page, name);
    expect(r.a).toEqual({ n: 1 });
    expect(r.k7).toBe('value 7');
    expect(r.has).toBe(true);
    expect(r.stats.memory.entries).toBe(20);
    expect(r.stats.disk).toMatchObject({ entries: 0, storedBytes: 0 });
    expect(r.errors.map((e) => e.code)).toContain('unavailable');
    // The contract's DiskMode: 'memory' = "disk: false, or storage unavailable: memory only".
    expect(r.mode, 'cache.mode once open() failed').toBe('memory');
    expect(r.inspectMode, 'inspect().mode once open() failed').toBe('memory');
    await expectNoRejections(page);

    // Nothing was written: the origin has no database for this cache.
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(names).not.toContain(dbName(name));
  });
}
