// cache.fetch's options carried to the worker in one request header: they round-trip (Infinity
// included), the worker takes the header off before the network, and a malformed header is
// ignored (the request routed as any other) rather than trusted.
import { expect, test } from 'vitest';
import { CARRY_HEADER, carryOptions, takeCarried } from '../../src/http/carriedOptions.ts';
import { NAME_PATTERN } from '../../src/wire/protocol.ts';

test('the options round-trip and the header is gone from the request the worker passes on', () => {
  const sent = carryOptions(new Request('https://app.test/api/a', { headers: { Accept: 'application/json' } }), {
    name: 'api',
    options: { strategy: 'cache-first', ttlMs: Infinity, timeoutMs: 250, allowNoStore: true },
  });
  expect(sent.headers.get(CARRY_HEADER)).not.toBeNull();
  const taken = takeCarried(sent, NAME_PATTERN)!;
  expect(taken.carried).toEqual({ name: 'api', options: { strategy: 'cache-first', ttlMs: Infinity, timeoutMs: 250, allowNoStore: true } });
  expect(taken.request.headers.get(CARRY_HEADER)).toBeNull();
  expect(taken.request.headers.get('accept')).toBe('application/json');
  expect(taken.request.url).toBe('https://app.test/api/a');
});

test('a request without the header is not touched', () => {
  expect(takeCarried(new Request('https://app.test/x'), NAME_PATTERN)).toBeUndefined();
});

test.each([
  ['not JSON', '%%%'],
  ['a bad name', encodeURIComponent(JSON.stringify({ name: '../etc', options: { strategy: 'cache-first' } }))],
  ['an unknown strategy', encodeURIComponent(JSON.stringify({ name: 'api', options: { strategy: 'cache-last' } }))],
  ['a negative ttlMs', encodeURIComponent(JSON.stringify({ name: 'api', options: { strategy: 'cache-first', ttlMs: -1 } }))],
])('a header with %s is ignored, and still removed', (_what, value) => {
  const taken = takeCarried(new Request('https://app.test/x', { headers: { [CARRY_HEADER]: value } }), NAME_PATTERN)!;
  expect(taken.carried).toBeUndefined();
  expect(taken.request.headers.get(CARRY_HEADER)).toBeNull();
});
