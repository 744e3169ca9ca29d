// The `http` strategy's freshness (RFC 9111 4.2): max-age, Expires read against Date, Age, and
// invalid or past values, through the demo worker's /api/http/ route.
import { expect, test } from '@playwright/test';
import { askTwice, bodyOf, fetchInPage, httpUrl, openControlled, serverLog, sleep, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('max-age: a fresh response is answered from the cache (HIT) and the server sees one request', async ({ page, request }) => {
  const name = uniqueName('max-age');
  const url = httpUrl(name, { cc: 'max-age=60' });
  const first = await fetchInPage(page, url);
  expect(first.xCache).toBe('MISS');
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('HIT');
  expect(second.status).toBe(200);
  expect(bodyOf(second)).toEqual(bodyOf(first));
  expect(Number(second.age)).toBeGreaterThanOrEqual(0);
  expect(second.headers['cache-control']).toBe('max-age=60');
  expect(await serverLog(request, name)).toMatchObject({ requests: 1, full: 1 });
});

test('max-age: once max-age has passed the response is stale and the next request reaches the server', async ({ page, request }) => {
  const name = uniqueName('max-age-expired');
  // 5 s: room for a loaded machine between the first two requests.
  const url = httpUrl(name, { cc: 'max-age=5' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  await sleep(6_100);
  const later = await fetchInPage(page, url);
  expect(later.xCache).toBe('MISS');
  expect(bodyOf(later).full).toBe(2);
  expect(await serverLog(request, name)).toMatchObject({ requests: 2, full: 2, conditional: 0 });
});

test('max-age=0: the response is stored stale and the next request reaches the server', async ({ page, request }) => {
  expect(await askTwice(page, request, 'max-age-0', { cc: 'max-age=0' })).toEqual({ second: 'MISS', requests: 2 });
});

test('max-age: a negative value is invalid and makes the response stale', async ({ page, request }) => {
  expect(await askTwice(page, request, 'max-age-negative', { cc: 'max-age=-60' })).toEqual({ second: 'MISS', requests: 2 });
});

test('max-age: takes precedence over an Expires in the past', async ({ page, request }) => {
  expect(await askTwice(page, request, 'max-age-over-expires', { cc: 'max-age=60', expires: '-60' })).toEqual({ second: 'HIT', requests: 1 });
});

test('Expires: a future Expires (with Date) keeps the response fresh (HIT)', async ({ page, request }) => {
  expect(await askTwice(page, request, 'expires-future', { expires: '60' })).toEqual({ second: 'HIT', requests: 1 });
});

test('Expires: an Expires in the past makes the response stale at once', async ({ page, request }) => {
  expect(await askTwice(page, request, 'expires-past', { expires: '-60' })).toEqual({ second: 'MISS', requests: 2 });
});

test('Expires: an invalid date (Expires: junk) means already expired', async ({ page, request }) => {
  expect(await askTwice(page, request, 'expires-invalid', { expires: 'junk' })).toEqual({ second: 'MISS', requests: 2 });
});

test("Expires: is read against the server's Date, not the local clock (Date an hour ahead, Expires a minute ahead: stale)", async ({ page, request }) => {
  expect(await askTwice(page, request, 'expires-vs-date', { date: '3600', expires: '60' })).toEqual({ second: 'MISS', requests: 2 });
});

test('Age: the apparent age counts (RFC 9111 4.2.3): Date an hour before arrival, Expires 60 s after that Date, is stale', async ({ page, request }) => {
  expect(await askTwice(page, request, 'apparent-age', { date: '-3600', expires: '-3540' })).toEqual({ second: 'MISS', requests: 2 });
});

test('Age: a response whose Age is within max-age is fresh, and the Age served counts from it', async ({ page, request }) => {
  const name = uniqueName('age-within');
  const url = httpUrl(name, { cc: 'max-age=60', age: '30' });
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url);
  expect(second.xCache).toBe('HIT');
  expect(Number(second.age)).toBeGreaterThanOrEqual(30);
  expect(Number(second.age)).toBeLessThan(60);
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('Age: a response whose Age exceeds max-age arrives stale, and the next request reaches the server', async ({ page, request }) => {
  expect(await askTwice(page, request, 'age-beyond', { cc: 'max-age=60', age: '61' })).toEqual({ second: 'MISS', requests: 2 });
});

test("no freshness information: a response without Cache-Control, Expires or Last-Modified is stale at once", async ({ page, request }) => {
  expect(await askTwice(page, request, 'no-freshness', {})).toEqual({ second: 'MISS', requests: 2 });
});

test("no-store (response): the response is passed on and not stored; every request reaches the server", async ({ page, request }) => {
  const name = uniqueName('no-store-response');
  const url = httpUrl(name, { cc: 'no-store' });
  const first = await fetchInPage(page, url);
  expect(first.xCache).toBe('BYPASS');
  expect((await fetchInPage(page, url)).xCache).toBe('BYPASS');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test("worker fetches bypass the browser's HTTP cache (cache 'no-store'): a record cleared from tiercache is fetched again from the server", async ({ page, request }) => {
  const name = uniqueName('no-http-cache');
  const url = httpUrl(name, { cc: 'max-age=600' });
  await fetchInPage(page, url);
  // Empty the worker's route database through tiercache's own protocol.
  await page.evaluate(async () => {
    const api = window.createCache({ name: 'api', memory: { maxEntries: 10 } });
    await api.clear();
    api.close();
  });
  const again = await fetchInPage(page, url);
  expect(again.xCache).toBe('MISS');
  expect(bodyOf(again).full).toBe(2);
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('s-maxage: a shared-cache directive is not ours; with nothing else the response is stale at once', async ({ page, request }) => {
  expect(await askTwice(page, request, 's-maxage', { cc: 's-maxage=600' })).toEqual({ second: 'MISS', requests: 2 });
});

test('private: a private response is stored by this private cache (HIT)', async ({ page, request }) => {
  expect(await askTwice(page, request, 'private', { cc: 'private, max-age=600' })).toEqual({ second: 'HIT', requests: 1 });
});

test('Cache-Control: directive names are case-insensitive (MAX-AGE=600 is fresh)', async ({ page, request }) => {
  expect(await askTwice(page, request, 'case', { cc: 'MAX-AGE=600' })).toEqual({ second: 'HIT', requests: 1 });
});
