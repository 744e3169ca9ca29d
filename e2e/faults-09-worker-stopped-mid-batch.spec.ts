// Scenario 9: the browser stops the service worker (CDP ServiceWorker.stopAllWorkers) while a
// large batch() is being written through it. Expected: batch() and every set settle without a
// rejection; every value is on disk afterwards (acknowledged writes survive; the interrupted ones
// are retried, by the restarted worker or the page itself) or was reported; no record is
// half-written and the totals equal a full scan.
// (sw-stop-worker.spec.ts proves it for many small ticks of writes; this is one big batch, twice.)
import { expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName, until } from './support/harness.ts';

const ENTRIES = 400;
const VALUE_BYTES = 4096;

test('stopping the worker twice during a large batch loses nothing and leaves totals exact', async ({ context }) => {
  const name = uniqueName('stopbatch');
  const page = await openPage(context, { sw: true });
  const session = await context.newCDPSession(page);
  await session.send('ServiceWorker.enable');

  await page.evaluate(
    ({ name, ENTRIES, VALUE_BYTES }) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 32 << 20 }, workerTimeoutMs: 2000 });
      const run = async () => {
        // Four batches of 100 incompressible values: each batch is one message to the worker.
        for (let b = 0; b < ENTRIES / 100; b++) {
          await cache.batch(() => {
            for (let i = b * 100; i < (b + 1) * 100; i++) void cache.set(`k${i}`, window.tc.randomBytes(VALUE_BYTES, i + 1));
          });
        }
        return window.tc.errors.c ?? [];
      };
      (window as unknown as { writing: Promise<unknown> }).writing = run();
    },
    { name, ENTRIES, VALUE_BYTES },
  );
  // Stop the worker once the first batch is on disk, and again a moment later.
  await until(async () => (await scan(page, name)).records.length > 0, 'the first batch on disk', 30_000);
  await session.send('ServiceWorker.stopAllWorkers');
  await until(async () => (await scan(page, name)).records.length >= 200 || undefined, 'half of the writes', 30_000).catch(() => undefined);
  await session.send('ServiceWorker.stopAllWorkers');
  const errors = (await page.evaluate(() => (window as unknown as { writing: Promise<unknown> }).writing)) as { code: string }[];
  expect(errors.every((e) => ['timeout', 'closed', 'protocol', 'write'].includes(e.code)), JSON.stringify(errors)).toBe(true);

  // Every value reads back exactly through a cache with an empty memory tier.
  const missing = await page.evaluate(
    async ({ name, ENTRIES, VALUE_BYTES }) => {
      const reader = window.tc.make('r', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 32 << 20 } });
      const bad: string[] = [];
      for (let i = 0; i < ENTRIES; i++) {
        if (!window.tc.sameBytes(await reader.get(`k${i}`), window.tc.randomBytes(VALUE_BYTES, i + 1))) bad.push(`k${i}`);
      }
      return bad;
    },
    { name, ENTRIES, VALUE_BYTES },
  );
  const reportedRefusals = errors.filter((e) => e.code === 'write').length;
  expect(reportedRefusals === 0 ? missing : [], 'values lost without a report').toEqual([]);
  const records = await scan(page, name);
  expectConsistent(records);
  expect(records.records.length).toBe(ENTRIES - missing.length);
  await expectNoRejections(page);
  await session.detach();
});
