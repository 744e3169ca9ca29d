// "Change budgets and TTL": applying new bounds recreates the cache with them, and the new disk
// budget reaches the worker (it is reinstalled with the budget in its script URL).
import { test } from '@playwright/test';
import { act, expect, figure, openDemo, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('applied bounds and budget are what the inspector then shows and enforces', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  await expect.poll(() => figure(page, 'disk-budget')).toBe(4 << 20);

  await page.getByRole('spinbutton', { name: 'Memory entries', exact: true }).fill('8');
  await page.getByRole('spinbutton', { name: 'Disk budget', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'TTL', exact: true }).fill('30');
  await page.getByRole('button', { name: 'Apply bounds and TTL' }).click();

  await expect(page.getByText('Bounds: 8 entries')).toBeVisible();
  // The reinstalled worker opens the route database with the new budget.
  await expect.poll(() => figure(page, 'disk-budget'), { timeout: 20_000 }).toBe(1 << 20);
  await expect(page.locator('[data-field="mode"]')).toHaveAttribute('data-value', 'worker', { timeout: 15_000 });

  await act(page, 'Fetch 20 pages', 'fetch-pages');
  // Memory holds at most 8 entries; the rest were evicted as least recently used.
  await expect.poll(() => figure(page, 'memory-entries')).toBe(8);
  const log = page.locator('[data-testid="eviction-log"] tbody tr');
  await expect(log.filter({ hasText: 'memory' }).filter({ hasText: 'lru' }).first()).toBeVisible();
  // Fresh memory entries expire within the new 30 s TTL.
  const expiries = await page.locator('[data-testid="memory-table"] tbody tr td:nth-child(5)').allTextContents();
  expect(expiries.length).toBe(8);
  expect(expiries.every((text) => /^\d+ s$/.test(text) && Number(text.split(' ')[0]) <= 30)).toBe(true);

  // A reload keeps the settings (localStorage) and the worker's budget.
  await page.reload();
  await expect(page.getByText('Bounds: 8 entries')).toBeVisible();
  await expect.poll(() => figure(page, 'disk-budget'), { timeout: 20_000 }).toBe(1 << 20);
  watch.assertNone();
});
