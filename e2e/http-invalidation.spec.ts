// The `http` strategy invalidates on unsafe methods (RFC 9111 4.4): a successful POST, PUT,
// PATCH or DELETE through the worker drops the stored response for its URL, and for a
// same-origin Location / Content-Location; an error answer or another origin drops nothing.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

/** Stores a fresh copy, sends `method` to the same URL through the worker, and checks the next GET reaches the server. */
async function invalidatesOwnUrl(page: Page, request: APIRequestContext, method: string): Promise<void> {
  const name = uniqueName(`inval-${method.toLowerCase()}`);
  const url = httpUrl(name, { cc: 'max-age=600' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  const unsafe = await fetchInPage(page, url, { method, body: method === 'DELETE' ? undefined : '{}' });
  expect(unsafe.status).toBe(200);
  const after = await fetchInPage(page, url);
  expect(after.xCache).toBe('MISS');
  expect(bodyOf(after).version).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ requests: 3, unsafe: 1, full: 2 });
}

test('POST: a successful POST invalidates the stored response for its URL; the next GET reaches the server', async ({ page, request }) => {
  await invalidatesOwnUrl(page, request, 'POST');
});

test('PUT: a successful PUT invalidates the stored response for its URL', async ({ page, request }) => {
  await invalidatesOwnUrl(page, request, 'PUT');
});

test('PATCH: a successful PATCH invalidates the stored response for its URL', async ({ page, request }) => {
  await invalidatesOwnUrl(page, request, 'PATCH');
});

test('DELETE: a successful DELETE invalidates the stored response for its URL', async ({ page, request }) => {
  await invalidatesOwnUrl(page, request, 'DELETE');
});

test('unsafe method with an error answer (500): nothing is invalidated; the stored copy still answers (HIT)', async ({ page, request }) => {
  const name = uniqueName('inval-error');
  const url = httpUrl(name, { cc: 'max-age=600', ustatus: '500' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url, { method: 'POST', body: '{}' })).status).toBe(500);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, unsafe: 1, full: 1 });
});

test('Location: a successful POST invalidates the same-origin URL its Location names', async ({ page, request }) => {
  const target = uniqueName('inval-loc-target');
  const targetUrl = httpUrl(target, { cc: 'max-age=600' });
  await fetchInPage(page, targetUrl);
  expect((await fetchInPage(page, targetUrl)).xCache).toBe('HIT');
  const poster = uniqueName('inval-loc-poster');
  await fetchInPage(page, httpUrl(poster, { loc: targetUrl }), { method: 'POST', body: '{}' });
  expect((await fetchInPage(page, targetUrl)).xCache).toBe('MISS');
  expect((await serverLog(request, target)).requests).toBe(2);
});

test('Content-Location: a successful PUT invalidates the same-origin URL its Content-Location names (absolute URL)', async ({ page, request, baseURL }) => {
  const target = uniqueName('inval-cloc-target');
  const targetUrl = httpUrl(target, { cc: 'max-age=600' });
  await fetchInPage(page, targetUrl);
  const poster = uniqueName('inval-cloc-poster');
  await fetchInPage(page, httpUrl(poster, { cloc: new URL(targetUrl, baseURL).href }), { method: 'PUT', body: '{}' });
  expect((await fetchInPage(page, targetUrl)).xCache).toBe('MISS');
  expect((await serverLog(request, target)).requests).toBe(2);
});

test('Location / Content-Location on another origin: nothing of ours is invalidated (same path, other host stays HIT)', async ({ page, request, baseURL }) => {
  const target = uniqueName('inval-cross');
  const targetUrl = httpUrl(target, { cc: 'max-age=600' });
  await fetchInPage(page, targetUrl);
  const other = new URL(targetUrl, baseURL);
  other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const poster = uniqueName('inval-cross-poster');
  await fetchInPage(page, httpUrl(poster, { loc: other.href, cloc: other.href }), { method: 'POST', body: '{}' });
  expect((await fetchInPage(page, targetUrl)).xCache).toBe('HIT');
  expect((await serverLog(request, target)).requests).toBe(1);
});
