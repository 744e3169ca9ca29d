// The `http` strategy's heuristic freshness (RFC 9111 4.2.2): without explicit freshness, a
// 200 with Last-Modified is fresh for a tenth of its age; revalidated with If-Modified-Since.
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, sleep, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('Last-Modified: a response last modified 10 days ago is heuristically fresh (HIT) without reaching the server', async ({ page, request }) => {
  const name = uniqueName('heuristic-fresh');
  const url = httpUrl(name, { lm: String(-10 * 86_400) });
  expect((await fetchInPage(page, url)).xCache).toBe('MISS');
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('HIT');
  expect(second.headers['last-modified']).toBeTruthy();
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('Last-Modified: the heuristic lifetime is a tenth of the age (modified 50 s ago: fresh for 5 s, then stale) and then revalidated with If-Modified-Since', async ({ page, request }) => {
  const name = uniqueName('heuristic-short');
  const url = httpUrl(name, { lm: '-50' });
  const first = await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  await sleep(6_100);
  const later = await fetchInPage(page, url);
  expect(later.xCache).toBe('REVALIDATED');
  expect(bodyOf(later)).toEqual(bodyOf(first));
  const log = await serverLog(request, name);
  expect(log).toMatchObject({ requests: 2, conditional: 1, notModified: 1, full: 1 });
  expect(log.lastIfModifiedSince).toBe(first.headers['last-modified']);
});

test('Last-Modified: no heuristic freshness when Cache-Control says otherwise (max-age=0)', async ({ page, request }) => {
  const name = uniqueName('heuristic-overridden');
  const url = httpUrl(name, { lm: String(-10 * 86_400), cc: 'max-age=0' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1 });
});

test('Last-Modified: no heuristic freshness when Expires is present (Expires in the past wins)', async ({ page, request }) => {
  const name = uniqueName('heuristic-expires');
  const url = httpUrl(name, { lm: String(-10 * 86_400), expires: '-1' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1 });
});

test('Last-Modified in the future: no heuristic freshness (stale at once)', async ({ page, request }) => {
  const name = uniqueName('heuristic-future');
  const url = httpUrl(name, { lm: '3600' });
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url);
  expect(second.xCache).not.toBe('HIT');
  expect((await serverLog(request, name)).requests).toBe(2);
});
