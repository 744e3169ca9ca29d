// The `http` strategy keys stored responses by the request headers their Vary names
// (RFC 9111 4.1): each variant is stored and answered on its own; Vary: * is never stored.
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('Vary: Accept-Language: each language is its own stored variant, answered without the server once stored', async ({ page, request }) => {
  const name = uniqueName('vary-lang');
  const url = httpUrl(name, { cc: 'max-age=600', vary: 'Accept-Language' });
  const en = { headers: { 'Accept-Language': 'en' } };
  const fr = { headers: { 'Accept-Language': 'fr' } };
  expect((await fetchInPage(page, url, en)).xCache).toBe('MISS');
  const enHit = await fetchInPage(page, url, en);
  expect(enHit.xCache).toBe('HIT');
  expect(bodyOf(enHit).echo['accept-language']).toBe('en');
  const frMiss = await fetchInPage(page, url, fr);
  expect(frMiss.xCache).toBe('MISS');
  expect(bodyOf(frMiss).echo['accept-language']).toBe('fr');
  expect((await serverLog(request, name)).requests).toBe(2);
  const [enAgain, frAgain] = [await fetchInPage(page, url, en), await fetchInPage(page, url, fr)];
  expect([enAgain.xCache, frAgain.xCache]).toEqual(['HIT', 'HIT']);
  expect(bodyOf(enAgain).echo['accept-language']).toBe('en');
  expect(bodyOf(frAgain).echo['accept-language']).toBe('fr');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('Vary: a header absent from both requests matches (HIT)', async ({ page, request }) => {
  const name = uniqueName('vary-absent');
  const url = httpUrl(name, { cc: 'max-age=600', vary: 'X-Variant' });
  await fetchInPage(page, url);
  expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  expect((await fetchInPage(page, url, { headers: { 'X-Variant': 'b' } })).xCache).toBe('MISS');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('Vary: two headers: a variant matches only when both values match', async ({ page, request }) => {
  const name = uniqueName('vary-two');
  const url = httpUrl(name, { cc: 'max-age=600', vary: 'X-A, X-B' });
  await fetchInPage(page, url, { headers: { 'X-A': '1', 'X-B': '1' } });
  expect((await fetchInPage(page, url, { headers: { 'X-A': '1', 'X-B': '1' } })).xCache).toBe('HIT');
  expect((await fetchInPage(page, url, { headers: { 'X-A': '1', 'X-B': '2' } })).xCache).toBe('MISS');
  expect((await serverLog(request, name)).requests).toBe(2);
});

test('Vary: a stale variant is revalidated on its own (REVALIDATED) and the other variant stays stored', async ({ page, request }) => {
  const name = uniqueName('vary-reval');
  const url = httpUrl(name, { cc: 'max-age=0', vary: 'Accept-Language', etag: 'a' });
  const en = { headers: { 'Accept-Language': 'en' } };
  const fr = { headers: { 'Accept-Language': 'fr' } };
  await fetchInPage(page, url, en);
  await fetchInPage(page, url, fr);
  const enAgain = await fetchInPage(page, url, en);
  expect(enAgain.xCache).toBe('REVALIDATED');
  expect(bodyOf(enAgain).echo['accept-language']).toBe('en');
  const frAgain = await fetchInPage(page, url, fr);
  expect(frAgain.xCache).toBe('REVALIDATED');
  expect(bodyOf(frAgain).echo['accept-language']).toBe('fr');
  expect(await serverLog(request, name)).toMatchObject({ requests: 4, notModified: 2, full: 2 });
});

test('Vary: * is never stored; every request reaches the server', async ({ page, request }) => {
  const name = uniqueName('vary-star');
  const url = httpUrl(name, { cc: 'max-age=600', vary: '*' });
  expect((await fetchInPage(page, url)).xCache).toBe('BYPASS');
  expect((await fetchInPage(page, url)).xCache).toBe('BYPASS');
  expect((await serverLog(request, name)).requests).toBe(2);
});
