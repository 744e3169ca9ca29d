// Scenario 10: the worker never answers the page's messages (simulated: the page's messages to
// it are dropped). Expected: every disk operation, not only set and get, gives up after
// workerTimeoutMs, reports a 'timeout' `error`, and is done on IndexedDB directly by the page;
// nothing rejects and what the page wrote is on disk.
// (sw-worker-timeout.spec.ts proves set and get; this covers get, has, set, delete, stats, trim
// and clear each, from a cache whose memory tier is empty.)
import { expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName } from './support/harness.ts';

test('with a worker that never answers, every operation falls back to IndexedDB in the page and nothing rejects', async ({ context }) => {
  const name = uniqueName('silent');
  const page = await openPage(context, { sw: true });
  await page.evaluate(async (name) => {
    const cache = window.tc.make('w', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 4 << 20 } });
    await cache.set('a', { written: 'through the worker' });
    await cache.set('c', 'to be cleared later');
  }, name);
  expect((await scan(page, name)).records.map((r) => r.key).sort()).toEqual(['a', 'c']);

  const seen = await page.evaluate(async (name) => {
    ServiceWorker.prototype.postMessage = function postMessage() {}; // messages vanish: no answer ever
    const cache = window.tc.make('s', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 4 << 20 }, workerTimeoutMs: 500 });
    const out: Record<string, unknown> = {};
    try {
      out.get = await cache.get('a');
      out.has = await cache.has('c');
      await cache.set('b', { written: 'by the page' });
      out.deleted = await cache.delete('a');
      out.entries = (await cache.stats()).disk.entries;
      out.trim = (await cache.trim()).evicted;
      out.mode = cache.mode;
    } catch (err) {
      out.threw = String(err);
    }
    out.errors = (window.tc.errors.s ?? []).map((e) => e.code);
    return out;
  }, name);
  expect(seen.threw).toBeUndefined();
  expect(seen.get, 'get from disk through the page').toEqual({ written: 'through the worker' });
  expect(seen.has).toBe(true);
  expect(seen.deleted).toBe(true);
  expect(seen.entries, 'stats from the page: c and b').toBe(2);
  expect(seen.trim).toBe(0);
  expect(seen.mode).toBe('page');
  expect(seen.errors as string[]).toContain('timeout');
  expect((seen.errors as string[]).every((c) => c === 'timeout'), JSON.stringify(seen.errors)).toBe(true);

  const records = await scan(page, name);
  expect(records.records.map((r) => r.key).sort()).toEqual(['b', 'c']);
  expectConsistent(records);

  await page.evaluate(() => window.tc.caches.s!.clear());
  const cleared = await scan(page, name);
  expect(cleared.records).toEqual([]);
  expectConsistent(cleared);
  await expectNoRejections(page);
});
