// "Switch offline, fetch, see answers served from disk": the worker honours the demo's
// switch, its network fails, and network-first answers come from the disk tier.
import { test } from '@playwright/test';
import { act, expect, openDemo, sources, watchErrors } from './demo-support.ts';

// Patience on a shared 2-core machine: a budget for waiting, not a performance claim.
test.describe.configure({ timeout: 120_000 });

test('with simulated offline on, fetched pages are answered from the disk tier', async ({ page }) => {
  const watch = watchErrors(page);
  await openDemo(page);
  await act(page, 'Fetch 20 pages', 'fetch-pages');
  expect(await sources(page)).toEqual(Array(20).fill('network'));

  const offline = page.getByRole('switch', { name: 'Simulate offline' });
  await offline.click();
  await expect(offline).toHaveAttribute('aria-checked', 'true');
  await act(page, 'Fetch 20 pages', 'fetch-pages');

  expect((await sources(page)).slice(0, 20)).toEqual(Array(20).fill('disk'));
  const xCache = await page.locator('[data-testid="responses"] tbody tr td:nth-child(3)').allTextContents();
  expect(xCache.slice(0, 20).every((v) => v === 'HIT' || v === 'STALE')).toBe(true);
  await expect(page.locator('.tci-status')).toContainText('20 from disk');

  // Back online: the network answers again.
  await offline.click();
  await act(page, 'Fetch 20 pages', 'fetch-pages');
  expect((await sources(page)).slice(0, 20)).toEqual(Array(20).fill('network'));
  watch.assertNone();
});
