// The `http` strategy revalidates stale copies (RFC 9111 4.3): If-None-Match / If-Modified-Since
// from the stored validators; a 304 refreshes the stored headers and freshness and keeps the body
// (answered 200, X-Cache: REVALIDATED); a 200 replaces it. no-cache and must-revalidate force it.
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverDirect, serverLog, serverSet, sleep, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('ETag: a stale copy is revalidated with If-None-Match; the 304 is answered 200 REVALIDATED with the stored body', async ({ page, request }) => {
  const name = uniqueName('reval-etag');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a', bytes: '2000' });
  const first = await fetchInPage(page, url);
  expect(first.xCache).toBe('MISS');
  const second = await fetchInPage(page, url);
  expect(second.status).toBe(200);
  expect(second.xCache).toBe('REVALIDATED');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect(second.headers['etag']).toBe('"a-v1"');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1, notModified: 1, full: 1, lastIfNoneMatch: '"a-v1"' });
});

test('ETag: a weak validator (W/) is sent back as it came and a 304 answers', async ({ page, request }) => {
  const name = uniqueName('reval-weak');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'W/a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ conditional: 1, notModified: 1, lastIfNoneMatch: 'W/"a-v1"' });
});

test('Last-Modified: a stale copy without an ETag is revalidated with If-Modified-Since (REVALIDATED on 304)', async ({ page, request }) => {
  const name = uniqueName('reval-lm');
  const url = httpUrl(name, { cc: 'max-age=0', lm: '-3600' });
  const first = await fetchInPage(page, url);
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('REVALIDATED');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  const log = await serverLog(request, name);
  expect(log).toMatchObject({ requests: 2, conditional: 1, notModified: 1, full: 1, lastIfNoneMatch: null });
  expect(log.lastIfModifiedSince).toBe(first.headers['last-modified']);
});

test('ETag and Last-Modified: both validators are sent', async ({ page, request }) => {
  const name = uniqueName('reval-both');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a', lm: '-3600' });
  const first = await fetchInPage(page, url);
  await fetchInPage(page, url);
  expect(await serverLog(request, name)).toMatchObject({ conditional: 1, lastIfNoneMatch: '"a-v1"', lastIfModifiedSince: first.headers['last-modified'] });
});

test('304 update: the 304 refreshes the stored headers and freshness (new Cache-Control served, then HIT) and keeps the body', async ({ page, request }) => {
  const name = uniqueName('reval-update');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a', bytes: '3000' });
  const first = await fetchInPage(page, url);
  await serverSet(request, name, { override: { cc: 'max-age=600' } });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('REVALIDATED');
  expect(second.headers['cache-control']).toBe('max-age=600');
  expect(bodyOf(second)).toEqual(bodyOf(first));
  const third = await fetchInPage(page, url);
  expect(third.xCache).toBe('HIT');
  expect(third.headers['cache-control']).toBe('max-age=600');
  expect(bodyOf(third)).toEqual(bodyOf(first));
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, notModified: 1, full: 1 });
});

test('304 update: Age comes from the refreshed copy, not the first response', async ({ page, request }) => {
  const name = uniqueName('reval-age');
  const url = httpUrl(name, { cc: 'max-age=100', age: '500', etag: 'a' });
  const first = await fetchInPage(page, url);
  expect(Number(first.headers['age'])).toBeGreaterThanOrEqual(500);
  await serverSet(request, name, { override: { age: '0' } });
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('REVALIDATED');
  expect(Number(second.age)).toBeLessThan(100);
  const third = await fetchInPage(page, url);
  expect(third.xCache).toBe('HIT');
  expect(Number(third.age)).toBeLessThan(100);
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, notModified: 1 });
});

test('200 on revalidation: a changed resource replaces the stored body (MISS, new version)', async ({ page, request }) => {
  const name = uniqueName('reval-changed');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a' });
  await fetchInPage(page, url);
  expect(await serverDirect(request, url, 'PUT')).toBe(200); // changed behind the worker's back
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('MISS');
  expect(bodyOf(second).version).toBe(2);
  expect(second.headers['etag']).toBe('"a-v2"');
  const third = await fetchInPage(page, url);
  expect(third.xCache).toBe('REVALIDATED');
  expect(bodyOf(third).version).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ conditional: 2, notModified: 1, full: 2, lastIfNoneMatch: '"a-v2"' });
});

test('response no-cache: even a fresh copy (max-age=600) is revalidated before each use', async ({ page, request }) => {
  const name = uniqueName('reval-no-cache');
  const url = httpUrl(name, { cc: 'no-cache, max-age=600', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 3, conditional: 2, notModified: 2, full: 1 });
});

test('must-revalidate: a fresh copy is served (HIT); once stale it is revalidated, never served stale', async ({ page, request }) => {
  const name = uniqueName('reval-must');
  const url = httpUrl(name, { cc: 'max-age=5, must-revalidate', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  await sleep(6_100);
  expect((await fetchInPage(page, url)).xCache).toBe('REVALIDATED');
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 1 });
});

test('immutable: a fresh copy is served without revalidation (HIT)', async ({ page, request }) => {
  const name = uniqueName('reval-immutable');
  const url = httpUrl(name, { cc: 'max-age=600, immutable', etag: 'a' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('no validators: a stale copy is fetched whole, with no conditional request', async ({ page, request }) => {
  const name = uniqueName('reval-none');
  const url = httpUrl(name, { cc: 'max-age=0' });
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('MISS');
  expect(bodyOf(second).full).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, conditional: 0, full: 2 });
});
