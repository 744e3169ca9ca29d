import { expect, test } from '@playwright/test';
test('the demo page loads', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#app[data-ready="true"]')).toBeVisible();
});
