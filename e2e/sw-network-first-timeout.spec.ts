import { expect, test } from '@playwright/test';
import { openControlled, pageFetch, type Fetched } from './sw-helpers.ts';

test('network-first answers from the cache once timeoutMs passes without a network answer', async ({ page }) => {
  await openControlled(page);
  const url = '/api/products/3?strategy=network-first'; // demo route: timeoutMs 500
  const first = (await pageFetch(page, url)) as Fetched;
  expect(first.xCache).toBe('MISS');
  try {
    // Every API answer now takes 4 s: far past the route's 500 ms.
    await page.request.post('/api/_config', { data: { latencyMs: 4000 } });
    const slow = (await pageFetch(page, url)) as Fetched;
    expect(slow.xCache).toBe('HIT');
    expect(slow.body).toEqual(first.body);
  } finally {
    await page.request.post('/api/_config', { data: { latencyMs: 0 } });
  }
});
