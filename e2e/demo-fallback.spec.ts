// "It shows whether a worker controls the page, and works (fallback mode) when none does":
// with no worker the inspector says so, the page runs the disk tier itself, and fetching fills it.
import { test } from '@playwright/test';
import { act, expect, figure, openDemo, sources, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('without a controlling worker the page runs the disk tier itself and the inspector says so', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page, { worker: false, query: '?nosw' });
  await expect(page.locator('[data-field="controlled"]')).toHaveAttribute('data-value', 'false');
  await expect(page.locator('[data-field="controlled"]')).toHaveText('no controlling worker');
  await expect(page.locator('[data-field="mode"]')).toHaveAttribute('data-value', 'page');

  await act(page, 'Fetch 20 pages', 'fetch-pages');
  await expect.poll(() => figure(page, 'disk-entries')).toBeGreaterThanOrEqual(20);
  await expect.poll(() => figure(page, 'memory-entries')).toBeGreaterThanOrEqual(20);

  // Offline in fallback mode: the page's own network fails and its disk tier answers.
  await page.getByRole('switch', { name: 'Simulate offline' }).click();
  await act(page, 'Fetch 20 pages', 'fetch-pages');
  expect((await sources(page)).slice(0, 20)).toEqual(Array(20).fill('disk'));
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  watch.assertNone();
});
