import { expect, test } from 'vitest';
import { STORED_HEADERS, responseMeta, storedHeaders } from '../../src/http/cacheability.ts';

test('only allowlisted response headers are kept, lower-cased, in allowlist order', () => {
  const headers = new Headers({
    'Content-Type': 'application/json',
    ETag: '"v1"',
    'X-Internal-Token': 'secret',
    'Set-Cookie': 'sid=1',
    'Last-Modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
    'Content-Language': 'fr',
    'Access-Control-Allow-Origin': '*',
  });
  expect(storedHeaders(headers)).toEqual([
    ['content-type', 'application/json'],
    ['etag', '"v1"'],
    ['last-modified', 'Wed, 21 Oct 2015 07:28:00 GMT'],
    ['content-language', 'fr'],
  ]);
  expect(STORED_HEADERS).toEqual(['content-type', 'etag', 'last-modified', 'cache-control', 'date', 'vary', 'content-language']);
});

test('response meta keeps url, status, statusText and only allowlisted headers', () => {
  const response = new Response('{}', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/json', 'X-Internal-Token': 't' } });
  expect(responseMeta('https://app.test/a', response)).toEqual({
    url: 'https://app.test/a',
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
  });
});
