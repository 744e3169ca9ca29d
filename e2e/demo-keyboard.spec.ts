// "Labelled controls, usable from the keyboard": every control has an accessible name, and the
// main actions run from the keyboard alone.
import { test } from '@playwright/test';
import { expect, figure, openDemo, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('controls are labelled and the main actions run from the keyboard', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  for (const [role, name] of [
    ['spinbutton', 'Pages'],
    ['combobox', 'Strategy'],
    ['slider', 'Latency'],
    ['switch', 'Simulate offline'],
    ['spinbutton', 'Memory entries'],
    ['spinbutton', 'Disk budget'],
    ['spinbutton', 'TTL'],
    ['searchbox', 'Filter entries by key'],
    ['button', 'trim()'],
    ['button', 'clear()'],
    ['button', 'Request persistent storage'],
  ] as const) {
    await expect(page.getByRole(role, { name, exact: true }), `${role} "${name}"`).toHaveCount(1);
  }
  // Every button, input and select on the page has an accessible name.
  const unnamed = await page.locator('button, input, select').evaluateAll((nodes) =>
    nodes.filter((n) => !(n as HTMLElement).closest('.u-legend') && !(n as HTMLElement).getAttribute('aria-label') && !(n as HTMLElement).textContent?.trim() && !(n as HTMLInputElement).labels?.length).map((n) => n.outerHTML),
  );
  expect(unnamed).toEqual([]);

  // Type a page count, then Tab to the fetch button and press Enter.
  const pages = page.getByRole('spinbutton', { name: 'Pages', exact: true });
  await pages.focus();
  await pages.fill('5');
  await page.keyboard.press('Tab'); // strategy
  await page.keyboard.press('Tab'); // fetch
  await expect(page.getByRole('button', { name: 'Fetch 5 pages' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => figure(page, 'disk-entries')).toBeGreaterThanOrEqual(5);

  // The offline switch toggles with Space.
  const offline = page.getByRole('switch', { name: 'Simulate offline' });
  await offline.focus();
  await page.keyboard.press('Space');
  await expect(offline).toHaveAttribute('aria-checked', 'true');
  watch.assertNone();
});
