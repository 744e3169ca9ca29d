// Scenario 3: `indexedDB.open` never answers (Safari 14's first-load bug). Simulated with a real
// open request that stays blocked forever: a version upgrade of a side database another
// connection refuses to release. Expected: after openTimeoutMs the cache is memory-only (an
// `error`, no rejection, values served from memory); a later retry, once open answers, writes
// to disk again. The retry delay is waited out on the cache's injected clock, not in real time.
import { expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName } from './support/harness.ts';

declare global {
  interface Window {
    hangOpen: boolean;
    clockSkew: number;
  }
}

test('an open() that never answers times out to memory-only, and a later retry reaches disk', async ({ context }) => {
  await context.addInitScript(() => {
    window.hangOpen = false;
    window.clockSkew = 0;
    const realOpen = IDBFactory.prototype.open;
    let holder: IDBDatabase | undefined;
    if (location.protocol.startsWith('http')) {
      const r = realOpen.call(indexedDB, 'hang-holder', 1);
      r.onsuccess = () => {
        holder = r.result; // never closed, ignores versionchange: an upgrade waits forever
      };
    }
    IDBFactory.prototype.open = function open(this: IDBFactory, name: string, version?: number) {
      if (window.hangOpen && name.startsWith('tiercache:') && holder) return realOpen.call(this, 'hang-holder', 2);
      return version === undefined ? realOpen.call(this, name) : realOpen.call(this, name, version);
    };
  });
  const name = uniqueName('hang');
  const page = await openPage(context, { sw: false });

  const hung = await page.evaluate(async (name) => {
    window.hangOpen = true;
    const cache = window.tc.make('c', {
      name,
      memory: { maxEntries: 100 },
      disk: { maxBytes: 4 << 20, openTimeoutMs: 300 },
      now: () => Date.now() + window.clockSkew,
    });
    await cache.set('during-hang', { v: 1 });
    return {
      value: await cache.get('during-hang'),
      errors: window.tc.errors.c ?? [],
      entries: (await cache.stats()).disk.entries,
      mode: cache.mode,
    };
  }, name);
  expect(hung.value, 'served from memory while open() hangs').toEqual({ v: 1 });
  expect(hung.errors.map((e) => e.code)).toContain('unavailable');
  expect(hung.entries).toBe(0);
  expect(hung.mode, 'cache.mode while open() hangs').toBe('memory');
  expect((await scan(page, name)).exists, 'nothing reached disk while open() hung').toBe(false);

  const recovered = await page.evaluate(async () => {
    window.hangOpen = false; // open() answers again
    window.clockSkew = 60_000; // past the retry delay
    const cache = window.tc.caches.c!;
    await cache.set('after-recovery', { v: 2 });
    const reader = window.tc.make('r', { name: cache.name, memory: { maxEntries: 10 }, disk: { maxBytes: 4 << 20 } });
    return { fromDisk: await reader.get('after-recovery'), entries: (await cache.stats()).disk.entries, mode: cache.mode };
  });
  expect(recovered.fromDisk, 'the write after recovery is on disk').toEqual({ v: 2 });
  expect(recovered.entries).toBeGreaterThanOrEqual(1);
  expect(recovered.mode, 'cache.mode once open() answers again').toBe('page');
  const records = await scan(page, name);
  expect(records.records.map((r) => r.key)).toContain('after-recovery');
  expectConsistent(records);
  await expectNoRejections(page);
});
