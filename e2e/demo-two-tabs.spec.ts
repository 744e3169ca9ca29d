// "A second page sees a clear() from the first": two tabs inspect the same cache; clearing in
// one empties both views, live (BroadcastChannel), with no reload.
import { test } from '@playwright/test';
import { act, expect, figure, openDemo, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('a second tab sees entries appear and sees clear() from the first', async ({ context, page }) => {
  const watchA = watchErrors(page);
  await openDemo(page);
  // "Open a second tab" opens this page in a new tab of the same browser.
  const [second] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open a second tab' }).click()]);
  const watchB = watchErrors(second);
  await expect(second.locator('#app[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await expect(second.locator('[data-field="mode"]')).toHaveAttribute('data-value', 'worker', { timeout: 15_000 });

  await act(page, 'Fetch 20 pages', 'fetch-pages');
  // The second tab reads the shared disk tier.
  await expect.poll(() => figure(second, 'disk-entries'), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);

  await page.getByRole('button', { name: 'clear()' }).click();
  await expect.poll(() => figure(page, 'disk-entries')).toBe(0);
  await expect.poll(() => figure(second, 'disk-entries'), { timeout: 5_000 }).toBe(0);
  await expect.poll(() => figure(second, 'memory-entries')).toBe(0);
  await expect(second.locator('[data-testid="disk-table"] tbody')).toContainText('The disk tier is empty.');
  watchA.assertNone();
  watchB.assertNone();
});
