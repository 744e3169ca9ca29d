import { expect, test } from 'vitest';
import { serveCache } from '../../src/sw/index.ts';

test('serveCache validates its options synchronously, before touching the worker', () => {
  expect(() => serveCache(null as never)).toThrow(TypeError);
  expect(() => serveCache({ name: 'a b' })).toThrow(/name must match/);
  expect(() => serveCache({ routes: [{ match: 7 as never, strategy: 'cache-first' }] })).toThrow(/routes\[0\]\.match/);
  expect(() => serveCache({ routes: [{ match: '/api/', strategy: 'fastest' as never }] })).toThrow(/routes\[0\]\.strategy/);
  expect(() => serveCache({ fetch: 'fetch' as never })).toThrow(/fetch must be a function/);
  expect(() => serveCache({ memory: { maxBytes: -1 } })).toThrow(RangeError);
});

test('outside a service worker, valid options are refused with a TypeError that says where to call it', () => {
  expect(() => serveCache({ routes: [{ match: '/api/', strategy: 'network-first', timeoutMs: 3000 }] })).toThrow(/must be called in a service worker/);
});
