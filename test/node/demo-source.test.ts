// Where the demo says an answer came from (demo/source.ts).
import { expect, test } from 'vitest';
import { sourceOf } from '../../demo/source.ts';

const response = (headers: Record<string, string>) => new Response('{}', { headers });

test('MISS or no X-Cache is the network, even if memory counted a hit meanwhile', () => {
  expect(sourceOf(response({ 'X-Cache': 'MISS' }), false)).toBe('network');
  expect(sourceOf(response({}), true)).toBe('network');
});

test('a cached answer is memory when the memory tier counted a hit, else disk', () => {
  expect(sourceOf(response({ 'X-Cache': 'HIT' }), true)).toBe('memory');
  expect(sourceOf(response({ 'X-Cache': 'HIT' }), false)).toBe('disk');
  expect(sourceOf(response({ 'X-Cache': 'STALE' }), false)).toBe('disk');
});

test('an X-Cache-Tier header, when the cache sends one, wins', () => {
  expect(sourceOf(response({ 'X-Cache': 'HIT', 'X-Cache-Tier': 'disk' }), true)).toBe('disk');
  expect(sourceOf(response({ 'X-Cache': 'HIT', 'X-Cache-Tier': 'memory' }), false)).toBe('memory');
});
