// "Overflow the budget, see evictions with reasons in the log": a burst larger than both the
// memory bound and the disk budget evicts in both tiers, and the log names the reasons.
import { test } from '@playwright/test';
import { act, expect, figure, openDemo, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('a burst over the budgets logs evictions with their tier and reason', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  await expect(page.locator('[data-testid="eviction-log"] tbody')).toContainText('No evictions yet');

  await act(page, 'Burst: overflow the budget', 'burst');

  const log = page.locator('[data-testid="eviction-log"] tbody tr');
  // Disk evictions happen in the worker and are relayed; memory ones happen in this page.
  await expect(log.filter({ hasText: 'disk' }).filter({ hasText: 'budget' }).first()).toBeVisible({ timeout: 15_000 });
  await expect(log.filter({ hasText: 'memory' }).first()).toBeVisible();
  const budgetChip = page.getByRole('button', { name: /^budget \d+$/ });
  await expect.poll(async () => Number((await budgetChip.textContent())?.split(' ')[1])).toBeGreaterThan(0);

  // Stored bytes end within the budget, and the storage gauge says so.
  await expect.poll(async () => (await figure(page, 'disk-stored')) <= (await figure(page, 'disk-budget'))).toBe(true);
  expect(await figure(page, 'disk-evictions')).toBeGreaterThan(0);

  // The reason chips filter the log.
  await budgetChip.click();
  await expect(budgetChip).toHaveAttribute('aria-pressed', 'false');
  await expect(log.filter({ hasText: 'budget' })).toHaveCount(0);
  watch.assertNone();
});
