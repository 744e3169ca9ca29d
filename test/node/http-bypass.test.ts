// Anything not stored is marked X-Cache: BYPASS, and X-Cache-Bypass says why (issue 16): the
// request (method, cross-origin, authorization) or the response (status, no-store, vary-star).
// network-only is a choice, not a refusal: it stays MISS.
import { expect, test } from 'vitest';
import { runStrategy, type StrategyContext } from '../../src/http/strategies.ts';
import { MapDisk } from './support/mapDisk.ts';

function setup(respond: () => Response) {
  const disk = new MapDisk('t', () => 1_000_000);
  const ctx: StrategyContext = { disk, now: () => 1_000_000, origin: 'https://app.test', fetch: async () => respond() };
  const run = async (url: string, init: RequestInit = {}, strategy: 'cache-first' | 'network-only' = 'cache-first') => {
    const r = await runStrategy(ctx, new Request(url, init), { strategy });
    return { xCache: r.headers.get('x-cache'), reason: r.headers.get('x-cache-bypass'), stored: (await disk.list()).length };
  };
  return { run };
}

const ok = () => new Response('{}', { headers: { 'Content-Type': 'application/json' } });

test.each([
  ['method', 'https://app.test/api/a', { method: 'POST', body: 'x' }, ok],
  ['cross-origin', 'https://other.test/api/a', {}, ok],
  ['authorization', 'https://app.test/api/a', { headers: { Authorization: 'Bearer t' } }, ok],
  ['status', 'https://app.test/api/a', {}, () => new Response('nope', { status: 404 })],
  ['no-store', 'https://app.test/api/a', {}, () => new Response('{}', { headers: { 'Cache-Control': 'no-store' } })],
  ['vary-star', 'https://app.test/api/a', {}, () => new Response('{}', { headers: { Vary: '*' } })],
] as const)('BYPASS with reason %s, and nothing stored', async (reason, url, init, respond) => {
  const s = setup(respond);
  expect(await s.run(url, init as RequestInit)).toEqual({ xCache: 'BYPASS', reason, stored: 0 });
});

test('a stored response is MISS without a bypass reason; network-only stays MISS', async () => {
  const s = setup(ok);
  expect(await s.run('https://app.test/api/a')).toEqual({ xCache: 'MISS', reason: null, stored: 1 });
  expect(await s.run('https://app.test/api/b', {}, 'network-only')).toEqual({ xCache: 'MISS', reason: null, stored: 1 });
});
