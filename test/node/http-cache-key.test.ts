import { expect, test } from 'vitest';
import { baseKey, hashCredential } from '../../src/http/cacheability.ts';
import { selectionOf } from '../../src/http/variants.ts';

test('the base key is the URL without its fragment, query kept', () => {
  expect(baseKey('https://app.test/api/a?page=2#top')).toBe('https://app.test/api/a?page=2');
  expect(baseKey('https://app.test/api/a?page=2')).not.toBe(baseKey('https://app.test/api/a?page=3'));
});

test('an Authorization partition adds a hash of the credential, never the credential', async () => {
  const h1 = await hashCredential('Bearer alice-secret');
  const h2 = await hashCredential('Bearer bob-secret');
  expect(h1).toMatch(/^[0-9a-f]{32}$/);
  expect(h1).not.toBe(h2);
  expect(await hashCredential('Bearer alice-secret')).toBe(h1);
  const key = baseKey('https://app.test/api/me', h1);
  expect(key).toContain(h1);
  expect(key).not.toContain('alice-secret');
  expect(key).not.toBe(baseKey('https://app.test/api/me', h2));
});

test('a selection holds the request values of the Vary headers, order- and case-insensitive', () => {
  const origin = 'https://app.test';
  const en = new Headers({ 'Accept-Language': 'en', Accept: 'application/json' });
  const fr = new Headers({ 'Accept-Language': 'fr', Accept: 'application/json' });
  expect(selectionOf('Accept-Language', en, origin)).toEqual([['accept-language', 'en']]);
  expect(selectionOf('Accept-Language', en, origin)).not.toEqual(selectionOf('Accept-Language', fr, origin));
  expect(selectionOf('Accept, accept-language', en, origin)).toEqual(selectionOf('Accept-Language, Accept', en, origin));
  expect(selectionOf(null, en, origin)).toBeUndefined();
  // A missing header is its own value, distinct from any sent one.
  expect(selectionOf('Accept-Language', new Headers(), origin)).toEqual([['accept-language', '']]);
});

test('Authorization and Accept-Encoding select nothing; a missing Origin is the worker\'s own', async () => {
  const { responseNotCacheable } = await import('../../src/http/cacheability.ts');
  const origin = 'https://app.example';
  const request = new Headers({ Authorization: 'Bearer s3cret', 'Accept-Encoding': 'br', 'Accept-Language': 'en' });
  const selection = selectionOf('Authorization, Accept-Encoding, Accept-Language', request, origin);
  expect(selection).toEqual([['accept-language', 'en']]);
  expect(JSON.stringify(selection)).not.toContain('s3cret');
  expect(selectionOf('Authorization, Accept-Encoding', request, origin)).toBeUndefined();
  expect(selectionOf('Origin', new Headers(), origin)).toEqual(selectionOf('Origin', new Headers({ Origin: origin }), origin));
  const response = (vary: string) => ({ type: 'basic', status: 200, headers: new Headers({ Vary: vary }) });
  expect(responseNotCacheable(response('Cookie'))).toBe('vary-credential');
  expect(responseNotCacheable(response('Accept, Proxy-Authorization'))).toBe('vary-credential');
  expect(responseNotCacheable(response('Authorization'))).toBeUndefined();
});

test('a response whose final URL is on another origin (a redirect) is not stored unless the route allows it', async () => {
  const { responseNotCacheable } = await import('../../src/http/cacheability.ts');
  const redirected = { type: 'cors', status: 200, url: 'https://cdn.other.example/x.json', headers: new Headers() };
  expect(responseNotCacheable(redirected, {}, 'https://app.example')).toBe('cross-origin');
  expect(responseNotCacheable(redirected, { allowCrossOrigin: true }, 'https://app.example')).toBeUndefined();
  const same = { type: 'basic', status: 200, url: 'https://app.example/api/x', headers: new Headers() };
  expect(responseNotCacheable(same, {}, 'https://app.example')).toBeUndefined();
  const constructed = { type: 'default', status: 200, url: '', headers: new Headers() };
  expect(responseNotCacheable(constructed, {}, 'https://app.example')).toBeUndefined();
});
