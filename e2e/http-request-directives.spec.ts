// The `http` strategy honours the directives the page sends (RFC 9111 5.2.1): no-cache,
// max-age=0, only-if-cached, no-store; and passes a page's own conditional request through.
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('request no-cache: a fresh stored copy is revalidated with the server first (REVALIDATED on 304)', async ({ page, request }) => {
  const name = uniqueName('req-no-cache');
  const url = httpUrl(name, { cc: 'max-age=600', etag: 'a' });
  const first = await fetchInPage(page, url);
  const second = await fetchInPage(page, url, { headers: { 'Cache-Control': 'no-cache' } });
  expect(second.xCache).toBe('REVALIDATED');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1, full: 1, lastIfNoneMatch: '"a-v1"' });
});

test('request no-cache: without validators the response is fetched whole (MISS)', async ({ page, request }) => {
  const name = uniqueName('req-no-cache-full');
  const url = httpUrl(name, { cc: 'max-age=600' });
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url, { headers: { 'Cache-Control': 'no-cache' } });
  expect(second.xCache).toBe('MISS');
  expect(bodyOf(second).full).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 0, full: 2 });
});

test('request Pragma no-cache: without Cache-Control it is treated as no-cache', async ({ page, request }) => {
  const name = uniqueName('req-pragma');
  const url = httpUrl(name, { cc: 'max-age=600', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url, { headers: { Pragma: 'no-cache' } })).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1 });
});

test('request max-age=0: a fresh stored copy is not used without asking the server', async ({ page, request }) => {
  const name = uniqueName('req-max-age-0');
  const url = httpUrl(name, { cc: 'max-age=600', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url, { headers: { 'Cache-Control': 'max-age=0' } })).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1 });
});

test('request max-age=N: a stored copy older than N is not used, one younger is (HIT)', async ({ page, request }) => {
  const name = uniqueName('req-max-age-n');
  const url = httpUrl(name, { cc: 'max-age=600', age: '100' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url, { headers: { 'Cache-Control': 'max-age=500' } })).xCache).toBe('HIT');
  expect((await serverLog(request, name)).requests).toBe(1);
  expect((await fetchInPage(page, url, { headers: { 'Cache-Control': 'max-age=50' } })).xCache).toBe('MISS');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('request max-stale=N: a copy stale by less than N is served without reaching the server', async ({ page, request }) => {
  const name = uniqueName('req-max-stale');
  const url = httpUrl(name, { cc: 'max-age=60', age: '100' });
  const first = await fetchInPage(page, url);
  const second = await fetchInPage(page, url, { headers: { 'Cache-Control': 'max-stale=600' } });
  expect(second.status).toBe(200);
  expect(['HIT', 'STALE']).toContain(second.xCache);
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('request min-fresh=N: a copy fresh for less than N more seconds is not used', async ({ page, request }) => {
  const name = uniqueName('req-min-fresh');
  const url = httpUrl(name, { cc: 'max-age=600', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url, { headers: { 'Cache-Control': 'min-fresh=60' } })).xCache).toBe('HIT');
  expect((await fetchInPage(page, url, { headers: { 'Cache-Control': 'min-fresh=3600' } })).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1 });
});

test('request only-if-cached: a stored copy is served without reaching the server', async ({ page, request }) => {
  const name = uniqueName('req-only-if-cached');
  const url = httpUrl(name, { cc: 'max-age=600' });
  const first = await fetchInPage(page, url);
  const second = await fetchInPage(page, url, { headers: { 'Cache-Control': 'only-if-cached' } });
  expect(second.status).toBe(200);
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('request only-if-cached: nothing stored answers 504 and nothing reaches the server', async ({ page, request }) => {
  const name = uniqueName('req-only-if-cached-miss');
  const answer = await fetchInPage(page, httpUrl(name, { cc: 'max-age=600' }), { headers: { 'Cache-Control': 'only-if-cached' } });
  expect(answer.status).toBe(504);
  expect((await serverLog(request, name)).requests).toBe(0);
});

test('request no-store: the response is passed on and not stored; the next request reaches the server', async ({ page, request }) => {
  const name = uniqueName('req-no-store');
  const url = httpUrl(name, { cc: 'max-age=600' });
  const first = await fetchInPage(page, url, { headers: { 'Cache-Control': 'no-store' } });
  expect(first.status).toBe(200);
  expect(first.xCache).not.toBe('HIT');
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('MISS');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test("page conditional request: If-None-Match from the page goes to the server as sent (BYPASS, reason conditional) and the server's 304 reaches the page", async ({ page, request }) => {
  const name = uniqueName('req-conditional');
  const url = httpUrl(name, { cc: 'max-age=600', etag: 'a' });
  await fetchInPage(page, url);
  const conditional = await fetchInPage(page, url, { headers: { 'If-None-Match': '"a-v1"' } });
  expect(conditional.status).toBe(304);
  expect(conditional.xCache).toBe('BYPASS');
  expect(conditional.bypass).toBe('conditional');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1, lastIfNoneMatch: '"a-v1"' });
  // The stored copy is untouched and still answers.
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('page conditional request: If-Modified-Since from the page goes to the server as sent (BYPASS, reason conditional)', async ({ page, request }) => {
  const name = uniqueName('req-conditional-ims');
  const url = httpUrl(name, { cc: 'max-age=600', lm: '-600' });
  const first = await fetchInPage(page, url);
  const conditional = await fetchInPage(page, url, { headers: { 'If-Modified-Since': first.headers['last-modified']! } });
  expect(conditional.status).toBe(304);
  expect(conditional.xCache).toBe('BYPASS');
  expect(conditional.bypass).toBe('conditional');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, lastIfModifiedSince: first.headers['last-modified'] });
});
