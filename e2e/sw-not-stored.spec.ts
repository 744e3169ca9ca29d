import { expect, test } from '@playwright/test';
import { indexedDbContains, openControlled, pageFetch, routeRecordKeys, type Fetched } from './sw-helpers.ts';

test('no-store, Vary: *, unrouted Authorization and cross-origin opaque responses are passed through, never stored', async ({ page, context }) => {
  await openControlled(page);
  const noStore = (await pageFetch(page, '/api/no-store')) as Fetched;
  const varyStar = (await pageFetch(page, '/api/vary-star')) as Fetched;
  const authorized = (await pageFetch(page, '/api/users/5', { headers: { Authorization: 'Bearer secret-token-1' } })) as Fetched;
  expect([noStore.xCache, varyStar.xCache, authorized.xCache]).toEqual(['BYPASS', 'BYPASS', 'BYPASS']);
  // 127.0.0.1 is another origin than localhost: a no-cors request gets an opaque response.
  const opaque = await page.evaluate(async () => {
    const other = location.origin.replace('localhost', '127.0.0.1');
    const r = await fetch(`${other}/api/products/1?strategy=cache-first`, { mode: 'no-cors' });
    return r.type;
  });
  expect(opaque).toBe('opaque');
  // A stored control, to show the listing works.
  expect(((await pageFetch(page, '/api/products/2')) as Fetched).xCache).toBe('MISS');

  const keys = await routeRecordKeys(page);
  expect(keys.some((k) => k.includes('/api/products/2'))).toBe(true);
  expect(keys.filter((k) => /no-store|vary-star|users\/5|127\.0\.0\.1/.test(k))).toEqual([]);

  await context.setOffline(true);
  for (const url of ['/api/no-store', '/api/vary-star']) expect(await pageFetch(page, url)).toHaveProperty('error');
  expect(await pageFetch(page, '/api/users/5', { headers: { Authorization: 'Bearer secret-token-1' } })).toHaveProperty('error');
  await context.setOffline(false);
});

test('an allowAuthorized route partitions by a hash of the credential and never stores the credential', async ({ page, context }) => {
  await openControlled(page);
  const alice = (await pageFetch(page, '/api/private', { headers: { Authorization: 'Bearer alice-token' } })) as Fetched;
  const bob = (await pageFetch(page, '/api/private', { headers: { Authorization: 'Bearer bob-token' } })) as Fetched;
  expect(alice.status).toBe(200);
  expect(alice.body).not.toEqual(bob.body);

  await context.setOffline(true);
  const aliceAgain = (await pageFetch(page, '/api/private', { headers: { Authorization: 'Bearer alice-token' } })) as Fetched;
  const bobAgain = (await pageFetch(page, '/api/private', { headers: { Authorization: 'Bearer bob-token' } })) as Fetched;
  const nobody = await pageFetch(page, '/api/private');
  await context.setOffline(false);
  expect(aliceAgain.body).toEqual(alice.body);
  expect(bobAgain.body).toEqual(bob.body);
  expect(nobody).toHaveProperty('error');

  const keys = await routeRecordKeys(page);
  // Keys carry 'auth=<hash>' (and a Vary suffix: the preview server adds Vary: Origin).
  const partitions = new Set(keys.filter((k) => k.includes('/api/private')).map((k) => /auth=([0-9a-f]+)/.exec(k)?.[1]));
  expect(partitions.size).toBe(2);
  expect(partitions.has(undefined)).toBe(false);
  expect(keys.join('\n')).not.toContain('token');
  expect(await indexedDbContains(page, 'alice-token')).toBe(false);
  expect(await indexedDbContains(page, partitions.values().next().value!)).toBe(true); // the scan does see stored keys
});

test('Vary: Accept-Language stores one variant per language', async ({ page, context }) => {
  await openControlled(page);
  const en = (await pageFetch(page, '/api/vary', { headers: { 'Accept-Language': 'en' } })) as Fetched;
  const fr = (await pageFetch(page, '/api/vary', { headers: { 'Accept-Language': 'fr' } })) as Fetched;
  expect(en.body).not.toEqual(fr.body);
  await context.setOffline(true);
  const enAgain = (await pageFetch(page, '/api/vary', { headers: { 'Accept-Language': 'en' } })) as Fetched;
  const frAgain = (await pageFetch(page, '/api/vary', { headers: { 'Accept-Language': 'fr' } })) as Fetched;
  await context.setOffline(false);
  expect(enAgain.body).toEqual(en.body);
  expect(frAgain.body).toEqual(fr.body);
  expect(enAgain.xCache).toBe('HIT');
});
