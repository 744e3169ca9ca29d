import { expect, test } from '@playwright/test';
import { openControlled, pageFetch, stopWorkers, type Fetched } from './sw-helpers.ts';

test('stopping the worker mid-traffic loses no acknowledged write, and the next request restarts it', async ({ page, context }) => {
  await openControlled(page);
  // 400 sets in 40 ticks (at least 400 ms); the worker is stopped while they are in flight.
  const traffic = page.evaluate(async () => {
    const acked: string[] = [];
    (window as unknown as { acked: string[] }).acked = acked;
    const writes: Promise<void>[] = [];
    for (let tick = 0; tick < 40; tick++) {
      for (let i = 0; i < 10; i++) {
        const key = `w:${tick}:${i}`;
        writes.push(window.cache.set(key, { key, pad: 'x'.repeat(500) }).then(() => void acked.push(key)));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(writes);
    return acked;
  });
  await page.waitForFunction(() => ((window as unknown as { acked?: string[] }).acked?.length ?? 0) >= 20);
  await stopWorkers(context, page);
  const ackedAtStop = await page.evaluate(() => (window as unknown as { acked: string[] }).acked.length);
  expect(ackedAtStop).toBeLessThan(400); // the stop did land mid-traffic
  const acked = await traffic;
  expect(acked).toHaveLength(400);

  // A fresh page (empty memory tier) reads everything back from disk.
  const reader = await context.newPage();
  await openControlled(reader);
  const missing = await reader.evaluate(async (keys) => {
    const out: string[] = [];
    for (const k of keys) if ((await window.cache.get(k)) === undefined) out.push(k);
    return out;
  }, acked);
  expect(missing).toEqual([]);

  await stopWorkers(context, page);
  const restarted = (await pageFetch(page, '/api/products/11?strategy=cache-first')) as Fetched;
  expect(restarted.xCache).toBe('MISS');
  expect(((await pageFetch(page, '/api/products/11?strategy=cache-first')) as Fetched).xCache).toBe('HIT');
});
