import { expect, test } from 'vitest';
import { baseKey, hashCredential, variantKey } from '../../src/http/cacheability.ts';

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

test('the variant key holds the request values of the Vary headers, order- and case-insensitive', () => {
  const base = 'https://app.test/api/vary';
  const en = new Headers({ 'Accept-Language': 'en', Accept: 'application/json' });
  const fr = new Headers({ 'Accept-Language': 'fr', Accept: 'application/json' });
  expect(variantKey(base, ['accept-language'], en)).not.toBe(variantKey(base, ['accept-language'], fr));
  expect(variantKey(base, ['Accept', 'accept-language'], en)).toBe(variantKey(base, ['accept-language', 'accept'], en));
  // Headers not named by Vary do not split the key.
  expect(variantKey(base, ['accept-language'], en)).toBe(variantKey(base, ['accept-language'], new Headers({ 'Accept-Language': 'en' })));
  expect(variantKey(base, [], en)).toBe(base);
  // A missing header is its own value, distinct from any sent one.
  expect(variantKey(base, ['accept-language'], new Headers())).not.toBe(variantKey(base, ['accept-language'], en));
});

test('credential headers never appear in a variant key, and Vary on Cookie is not stored', async () => {
  const { responseNotCacheable } = await import('../../src/http/cacheability.ts');
  const base = baseKey('https://app.example/api/private', await hashCredential('Bearer s3cret'));
  const request = new Headers({ Authorization: 'Bearer s3cret', Cookie: 'sid=abc', 'Accept-Language': 'en' });
  const key = variantKey(base, ['Authorization', 'Accept-Language'], request);
  expect(key).not.toContain('s3cret');
  expect(key).toContain('accept-language=en');
  expect(variantKey(base, ['authorization'], request)).toBe(base);
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
