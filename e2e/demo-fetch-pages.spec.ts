// "Click fetch 20 pages, see entry counts and bytes rise": both tiers fill, the disk table lists
// the product pages compressed, and the chart's request panel counts them.
import { test } from '@playwright/test';
import { act, expect, figure, openDemo, sources, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('fetching 20 pages raises entry counts and bytes in memory and on disk', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  const before = { memory: await figure(page, 'memory-entries'), disk: await figure(page, 'disk-entries'), stored: await figure(page, 'disk-stored') };

  await act(page, 'Fetch 20 pages', 'fetch-pages');

  expect(await sources(page)).toEqual(Array(20).fill('network'));
  await expect.poll(() => figure(page, 'memory-entries')).toBeGreaterThanOrEqual(before.memory + 20);
  await expect.poll(() => figure(page, 'disk-entries')).toBeGreaterThanOrEqual(before.disk + 20);
  await expect.poll(() => figure(page, 'disk-stored')).toBeGreaterThan(before.stored + 20 * 2000);
  expect(await figure(page, 'memory-bytes')).toBeGreaterThan(20 * 15_000);
  // JSON compresses: raw bytes above stored bytes.
  expect(await figure(page, 'disk-raw')).toBeGreaterThan(await figure(page, 'disk-stored'));

  const diskRows = page.locator('[data-testid="disk-table"] tbody tr');
  await expect(diskRows.filter({ hasText: '/api/products?page=20&size=20' })).toHaveCount(1);
  await expect(page.locator('[data-testid="memory-table"] tbody tr').filter({ hasText: '/api/products?page=1&size=20' })).toHaveCount(1);

  // The same pages again, cache-first: page memory answers them all.
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('cache-first');
  await act(page, 'Fetch 20 pages', 'fetch-pages');
  expect((await sources(page)).slice(0, 20)).toEqual(Array(20).fill('memory'));
  await expect.poll(() => figure(page, 'memory-hit-rate')).toBeGreaterThan(0.5);
  watch.assertNone();
});
