import { expect, test } from '@playwright/test';
import { openControlled, pageFetch, type Fetched } from './sw-helpers.ts';

test('stale-while-revalidate answers from the cache at once, refreshes it in the background, and other tabs hear of it', async ({ page, context }) => {
  await openControlled(page);
  const other = await context.newPage();
  await openControlled(other);
  const url = '/api/counter/swr-e2e?strategy=stale-while-revalidate'; // demo route: ttlMs 1, stale by the next request

  const first = (await pageFetch(page, url)) as Fetched;
  expect(first.xCache).toBe('MISS');
  const n1 = (first.body as { count: number }).count;

  // Stored copy answers (count unchanged) while the network is asked in the background.
  const second = (await pageFetch(page, url)) as Fetched;
  expect(second.xCache).toBe('STALE');
  expect((second.body as { count: number }).count).toBe(n1);

  // The background refresh changed the stored response: the other tab is told.
  await expect
    .poll(() => other.evaluate(() => window.updates as { type: string; url?: string }[]), { timeout: 5000 })
    .toContainEqual(expect.objectContaining({ type: 'update', url: expect.stringContaining('/api/counter/swr-e2e') }));

  // The next answer is the refreshed copy.
  const third = (await pageFetch(page, url)) as Fetched;
  expect(third.xCache).toBe('STALE');
  expect((third.body as { count: number }).count).toBeGreaterThan(n1);
});
