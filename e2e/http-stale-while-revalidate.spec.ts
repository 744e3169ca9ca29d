// The `http` strategy's stale-while-revalidate=N (RFC 5861 3): within N seconds of going stale
// the stored copy is served at once (STALE) and refreshed in the background; beyond, it is not.
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, serverSet, untilServerSaw, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('stale-while-revalidate: within the window the stale copy is served (STALE) and revalidated in the background', async ({ page, request }) => {
  const name = uniqueName('swr-within');
  // Arrives 2 s old with max-age=1: stale, 1 s into a 60 s window.
  const url = httpUrl(name, { cc: 'max-age=1, stale-while-revalidate=60', age: '2', etag: 'a' });
  const first = await fetchInPage(page, url);
  await serverSet(request, name, { override: { cc: 'max-age=600', age: '0' } });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('STALE');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  const log = await untilServerSaw(request, name, 2);
  expect(log).toMatchObject({ requests: 2, conditional: 1, notModified: 1, full: 1 });
  // The background 304 refreshed the copy: fresh now, served without the server.
  await expect.poll(async () => (await fetchInPage(page, url)).xCache, { timeout: 5000 }).toBe('HIT');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('stale-while-revalidate: without validators the background refresh fetches the body whole and the next answer has it', async ({ page, request }) => {
  const name = uniqueName('swr-full');
  const url = httpUrl(name, { cc: 'max-age=1, stale-while-revalidate=60', age: '2' });
  await fetchInPage(page, url);
  await serverSet(request, name, { override: { cc: 'max-age=600', age: '0' } });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('STALE');
  expect(bodyOf(second).full).toBe(1);
  await untilServerSaw(request, name, 2);
  await expect.poll(async () => bodyOf(await fetchInPage(page, url)).full, { timeout: 5000 }).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 0, full: 2 });
});

test('stale-while-revalidate: stale hits while a background refresh runs are answered STALE and send no second request', async ({ page, request }) => {
  const name = uniqueName('swr-once');
  const url = httpUrl(name, { cc: 'max-age=1, stale-while-revalidate=60', age: '2', etag: 'a' });
  await fetchInPage(page, url);
  // The refresh's answer is held 2 s: the next stale hits all come while it is under way.
  await serverSet(request, name, { override: { cc: 'max-age=600', age: '0', delay: '2000' } });
  const hits = [];
  for (let i = 0; i < 3; i++) hits.push((await fetchInPage(page, url)).xCache);
  expect(hits).toEqual(['STALE', 'STALE', 'STALE']);
  await expect.poll(async () => (await fetchInPage(page, url)).xCache, { timeout: 10_000 }).toBe('HIT');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1 });
});

test('stale-while-revalidate: a response already stale beyond the window on arrival is not served stale; it is revalidated first', async ({ page, request }) => {
  const name = uniqueName('swr-beyond');
  // Arrives 100 s old: stale since 99 s, past a 5 s window.
  const url = httpUrl(name, { cc: 'max-age=1, stale-while-revalidate=5', age: '100', etag: 'a' });
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('REVALIDATED');
  // The revalidation happened before the answer, not in the background.
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1 });
});

test('stale-while-revalidate: a fresh copy is a plain HIT with no background request', async ({ page, request }) => {
  const name = uniqueName('swr-fresh');
  const url = httpUrl(name, { cc: 'max-age=600, stale-while-revalidate=60', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  await page.waitForTimeout(300);
  expect((await serverLog(request, name)).requests).toBe(1);
});
