// Shared steps of the demo-* end-to-end specs: open the inspector page as a user would, wait
// for the worker, read the figures the inspector shows, and fail on any console error.
import { expect as baseExpect, type Page } from '@playwright/test';

/** `expect` with patience for a busy machine (2 cores shared with other suites): waits, never timings. */
export const expect = baseExpect.configure({ timeout: 15_000 });

/** Collects console errors and uncaught exceptions of a page; `assertNone()` fails the test on any. */
export function watchErrors(page: Page): { errors: string[]; assertNone: () => void } {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return { errors, assertNone: () => expect(errors, 'console errors during the session').toEqual([]) };
}

/** Opens the demo; with `worker`, waits until the worker controls the page and the cache uses it. */
export async function openDemo(page: Page, { worker = true, query = '' } = {}): Promise<void> {
  await page.goto('/' + query);
  await expect(page.locator('#app[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  if (worker) {
    await expect(page.locator('[data-field="controlled"]')).toHaveAttribute('data-value', 'true', { timeout: 15_000 });
    await expect(page.locator('[data-field="mode"]')).toHaveAttribute('data-value', 'worker', { timeout: 15_000 });
  }
}

/** The number behind a figure of the inspector (`data-stat` id), as last rendered. */
export async function figure(page: Page, id: string): Promise<number> {
  const value = await page.locator(`[data-stat="${id}"]`).getAttribute('data-value');
  return value === null ? NaN : Number(value);
}

/** Clicks a demo action button and waits until it is enabled again (the action finished). */
export async function act(page: Page, name: string | RegExp, action: string): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect(page.locator(`[data-action="${action}"]`)).toBeEnabled({ timeout: 45_000 });
}

/** The "From" column of the recent-responses table, newest first. */
export async function sources(page: Page): Promise<string[]> {
  return page.locator('[data-testid="responses"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.source ?? ''));
}
