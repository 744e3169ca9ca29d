// The `http` strategy's stale-if-error=N (RFC 5861 4): within N seconds of going stale, a
// network error or a 5xx answer serves the stored copy (STALE); beyond, the error stands
// (a network error still serves STALE on the default route: see http-offline.spec.ts).
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, serverSet, tryFetchInPage, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('stale-if-error: a 500 within the window serves the stale copy (STALE)', async ({ page, request }) => {
  const name = uniqueName('sie-500-within');
  const url = httpUrl(name, { cc: 'max-age=0, stale-if-error=60', etag: 'a' });
  const first = await fetchInPage(page, url);
  await serverSet(request, name, { fail: '500' });
  const second = await fetchInPage(page, url);
  expect(second.status).toBe(200);
  expect(second.xCache).toBe('STALE');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, full: 1 });
});

test('stale-if-error: a 500 beyond the window is passed to the page', async ({ page, request }) => {
  const name = uniqueName('sie-500-beyond');
  const url = httpUrl(name, { cc: 'max-age=1, stale-if-error=5', age: '100', etag: 'a' });
  await fetchInPage(page, url);
  await serverSet(request, name, { fail: '500' });
  const second = await fetchInPage(page, url);
  expect(second.status).toBe(500);
  expect(second.xCache).not.toBe('STALE');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('stale-if-error: without the directive a 500 is passed to the page', async ({ page, request }) => {
  const name = uniqueName('sie-500-none');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a' });
  await fetchInPage(page, url);
  await serverSet(request, name, { fail: '500' });
  expect((await fetchInPage(page, url)).status).toBe(500);
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('stale-if-error: a network error within the window serves the stale copy (STALE), also on an offline: fail route', async ({ page, request }) => {
  const name = uniqueName('sie-net-within');
  const url = httpUrl(name, { cc: 'max-age=0, stale-if-error=60', etag: 'a' }, { strict: true });
  const first = await fetchInPage(page, url);
  await serverSet(request, name, { fail: 'network' });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('STALE');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  // Chromium's network stack retries a GET whose connection closed without an answer: at least 2.
  expect((await serverLog(request, name)).requests).toBeGreaterThanOrEqual(2);
});

test("stale-if-error: a network error beyond the window fails on an offline: 'fail' route", async ({ page, request }) => {
  const name = uniqueName('sie-net-beyond');
  const url = httpUrl(name, { cc: 'max-age=1, stale-if-error=5', age: '100', etag: 'a' }, { strict: true });
  await fetchInPage(page, url);
  await serverSet(request, name, { fail: 'network' });
  expect(await tryFetchInPage(page, url)).toHaveProperty('error');
  // Chromium's network stack retries a GET whose connection closed without an answer: at least 2.
  expect((await serverLog(request, name)).requests).toBeGreaterThanOrEqual(2);
});

test('stale-if-error: a network error beyond the window still serves STALE on the default route (offline rule)', async ({ page, request }) => {
  const name = uniqueName('sie-net-beyond-default');
  const url = httpUrl(name, { cc: 'max-age=1, stale-if-error=5', age: '100', etag: 'a' });
  const first = await fetchInPage(page, url);
  await serverSet(request, name, { fail: 'network' });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('STALE');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  // Chromium's network stack retries a GET whose connection closed without an answer: at least 2.
  expect((await serverLog(request, name)).requests).toBeGreaterThanOrEqual(2);
});
