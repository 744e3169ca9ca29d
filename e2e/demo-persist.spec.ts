// "Request persistent storage": the button asks the browser, says what it answered, and the
// storage card's "Persisted" figure agrees with navigator.storage.persisted().
import { test } from '@playwright/test';
import { expect, figure, openDemo, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('requesting persistent storage reports the browser answer and the gauge agrees', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  await page.getByRole('button', { name: 'Request persistent storage' }).click();
  await expect(page.locator('.tci-status')).toHaveText(/^(Storage is persisted|The browser declined to persist storage)/);
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  const said = (await page.locator('.tci-status').textContent()) ?? '';
  expect(said.startsWith('Storage is persisted')).toBe(persisted);
  await expect.poll(() => figure(page, 'storage-persisted')).toBe(persisted ? 1 : 0);
  watch.assertNone();
});
