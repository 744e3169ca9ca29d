import { describe, expect, test } from 'vitest';
import { requestNotCacheable, responseNotCacheable } from '../../src/http/cacheability.ts';

const origin = 'https://app.test';
const get = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });
const res = (status: number, headers: Record<string, string> = {}) => new Response(status === 204 ? null : 'x', { status, headers });

describe('requests that may be stored', () => {
  test('same-origin GET without credentials may be stored', () => {
    expect(requestNotCacheable(get('https://app.test/api/a'), origin)).toBeUndefined();
  });
  test('non-GET, cross-origin and Authorization requests are refused by default, each with its reason', () => {
    expect(requestNotCacheable(new Request('https://app.test/a', { method: 'POST', body: 'x' }), origin)).toBe('method');
    expect(requestNotCacheable(get('https://cdn.test/a'), origin)).toBe('cross-origin');
    expect(requestNotCacheable(get('https://app.test/a', { Authorization: 'Bearer t' }), origin)).toBe('authorization');
  });
  test('a route opts out explicitly of the cross-origin and Authorization rules', () => {
    expect(requestNotCacheable(get('https://cdn.test/a'), origin, { allowCrossOrigin: true })).toBeUndefined();
    expect(requestNotCacheable(get('https://app.test/a', { Authorization: 'Bearer t' }), origin, { allowAuthorized: true })).toBeUndefined();
  });
});

describe('responses that may be stored', () => {
  test('a 200 may be stored; other statuses only when the route lists them', () => {
    expect(responseNotCacheable(res(200))).toBeUndefined();
    expect(responseNotCacheable(res(404))).toBe('status');
    expect(responseNotCacheable(res(500))).toBe('status');
    expect(responseNotCacheable(res(404), { cacheableStatuses: [200, 404] })).toBeUndefined();
  });
  test('opaque responses are never stored, whatever the route says', () => {
    const opaque = { type: 'opaque', status: 0, headers: new Headers() };
    expect(responseNotCacheable(opaque, { cacheableStatuses: [0, 200] } as never)).toBe('opaque');
  });
  test('Cache-Control: no-store is refused unless allowNoStore; other directives do not matter', () => {
    expect(responseNotCacheable(res(200, { 'Cache-Control': 'private, No-Store' }))).toBe('no-store');
    expect(responseNotCacheable(res(200, { 'Cache-Control': 'no-store' }), { allowNoStore: true })).toBeUndefined();
    expect(responseNotCacheable(res(200, { 'Cache-Control': 'no-cache, max-age=0' }))).toBeUndefined();
  });
  test('Vary: * is never stored, even with allowNoStore', () => {
    expect(responseNotCacheable(res(200, { Vary: 'Accept, *' }))).toBe('vary-star');
    expect(responseNotCacheable(res(200, { Vary: '*' }), { allowNoStore: true })).toBe('vary-star');
    expect(responseNotCacheable(res(200, { Vary: 'Accept-Language' }))).toBeUndefined();
  });
});
