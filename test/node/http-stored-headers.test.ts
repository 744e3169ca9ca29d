import { expect, test } from 'vitest';
import { UNSTORED_HEADERS, responseMeta, storedHeaders } from '../../src/http/cacheability.ts';

test('every end-to-end response header is kept, lower-cased (Link, X-Total-Count, custom ones)', () => {
  const headers = new Headers({
    'Content-Type': 'application/json',
    ETag: '"v1"',
    Link: '<https://app.test/api/items?page=2>; rel="next"',
    'X-Total-Count': '240',
    'X-Internal-Token': 'kept unless the route narrows',
    'Access-Control-Allow-Origin': '*',
  });
  expect(Object.fromEntries(storedHeaders(headers))).toEqual({
    'content-type': 'application/json',
    etag: '"v1"',
    link: '<https://app.test/api/items?page=2>; rel="next"',
    'x-total-count': '240',
    'x-internal-token': 'kept unless the route narrows',
    'access-control-allow-origin': '*',
  });
});

test('hop-by-hop headers, cookies, encoding, length, Age and X-Cache are never stored', () => {
  const headers = new Headers({
    'Content-Type': 'text/plain',
    Connection: 'keep-alive, X-Per-Hop',
    'Keep-Alive': 'timeout=5',
    'Transfer-Encoding': 'chunked',
    Upgrade: 'h2c',
    'Proxy-Authenticate': 'Basic',
    'Proxy-Connection': 'keep-alive',
    TE: 'trailers',
    Trailer: 'Expires',
    'X-Per-Hop': 'named by Connection',
    'Set-Cookie2': 'old=1',
    'Content-Encoding': 'gzip',
    'Content-Length': '123',
    Age: '5',
    'X-Cache': 'HIT',
    'X-Cache-Bypass': 'status',
  });
  expect(storedHeaders(headers)).toEqual([['content-type', 'text/plain']]);
  expect(UNSTORED_HEADERS).toContain('set-cookie');
});

test('a route\'s storeHeaders narrows what is kept, any case, and never widens past the default', () => {
  const headers = new Headers({ 'Content-Type': 'application/json', 'X-Internal-Token': 'secret', Link: '</p2>; rel="next"', 'Content-Length': '2' });
  expect(storedHeaders(headers, ['Content-Type', 'link', 'content-length', 'x-absent'])).toEqual([
    ['content-type', 'application/json'],
    ['link', '</p2>; rel="next"'],
  ]);
  expect(storedHeaders(headers, [])).toEqual([]);
});

test('response meta keeps url, status, statusText and the stored headers', () => {
  const response = new Response('{}', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/json', 'X-Total-Count': '3' } });
  expect(responseMeta('https://app.test/a', response)).toEqual({
    url: 'https://app.test/a',
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json'], ['x-total-count', '3']],
  });
  expect(responseMeta('https://app.test/a', response, ['content-type']).headers).toEqual([['content-type', 'application/json']]);
});
