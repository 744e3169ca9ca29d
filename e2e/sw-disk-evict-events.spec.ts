import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test("evictions in the worker's disk tier reach the page as evict events (tier 'disk')", async ({ page }) => {
  await openControlled(page);
  const events = await page.evaluate(async () => {
    const cache = window.createCache({ name: 'evict-e2e', memory: { maxEntries: 5 }, disk: { maxBytes: 200_000 } });
    const seen: { key: string; tier: string; reason: string }[] = [];
    cache.addEventListener('evict', (e) => seen.push((e as CustomEvent).detail));
    // 60 × 10 KB of incompressible bytes: three times the 200 KB budget.
    for (let i = 0; i < 60; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(10_000));
      await cache.set(`blob:${i}`, bytes);
    }
    await cache.trim();
    for (let i = 0; i < 100 && !seen.some((d) => d.tier === 'disk'); i++) await new Promise((r) => setTimeout(r, 20));
    const mode = cache.mode;
    const stats = await cache.stats();
    cache.close();
    return { mode, disk: seen.filter((d) => d.tier === 'disk'), storedBytes: stats.disk.storedBytes };
  });
  expect(events.mode).toBe('worker');
  expect(events.disk.length).toBeGreaterThan(0);
  expect(events.disk[0]).toMatchObject({ tier: 'disk', reason: expect.stringMatching(/budget|quota|lru/) });
  expect(events.storedBytes).toBeLessThanOrEqual(200_000);
});
