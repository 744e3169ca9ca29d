// cache.fetch over page memory (disk: false, a scripted network): which responses are held, how a
// held one is answered (X-Cache: HIT, Age, only the stored headers), and that a response another
// tab's change overlapped is returned but not kept. The worker and disk paths are tested in e2e/.
import { afterEach, expect, test, vi } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';

const URL_A = 'https://app.test/api/a';
const open: TierCache[] = [];
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
  vi.unstubAllGlobals();
});

function setup(name = 'fetch-' + Math.random().toString(36).slice(2)) {
  let clock = 1_000_000;
  let served = 0;
  const network = vi.fn(async (request: Request) => {
    served++;
    return new Response(JSON.stringify({ n: served, url: request.url }), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'max-age=60', 'set-cookie': 'session=secret' },
    });
  });
  vi.stubGlobal('fetch', network);
  const cache = createCache({ name, memory: { maxEntries: 10 }, disk: false, now: () => clock });
  open.push(cache);
  return { cache, network, advance: (ms: number) => void (clock += ms) };
}

test('cache-first: a fresh response is answered from page memory, marked HIT with its Age, without the network', async () => {
  const { cache, network, advance } = setup();
  const first = await cache.fetch(URL_A, { strategy: 'cache-first' });
  expect(await first.json()).toMatchObject({ n: 1 });
  advance(5_000);
  const second = await cache.fetch(URL_A, { strategy: 'cache-first' });
  expect(network).toHaveBeenCalledTimes(1);
  expect(second.headers.get('x-cache')).toBe('HIT');
  expect(second.headers.get('age')).toBe('5');
  expect(second.headers.get('content-type')).toBe('application/json');
  expect(second.headers.get('set-cookie')).toBeNull(); // only the headers a disk record keeps
  expect(await second.json()).toMatchObject({ n: 1 });
  expect(await cache.get(URL_A)).toBeUndefined(); // a held response is not a get() value
});

test('network-first asks the network each time and falls back to the held response when it fails', async () => {
  const { cache, network } = setup();
  await cache.fetch(URL_A, { strategy: 'network-first' });
  const again = await cache.fetch(URL_A, { strategy: 'network-first' });
  expect(await again.json()).toMatchObject({ n: 2 });
  network.mockRejectedValueOnce(new TypeError('Failed to fetch'));
  const offline = await cache.fetch(URL_A, { strategy: 'network-first' });
  expect(offline.headers.get('x-cache')).toBe('HIT');
  expect(await offline.json()).toMatchObject({ n: 2 });
});

test('responses to credentialed or non-GET requests, and ones that are not fresh, are not held', async () => {
  const { cache, network } = setup();
  await cache.fetch(URL_A, { strategy: 'cache-first', headers: { authorization: 'Bearer t' } });
  await cache.fetch(URL_A, { strategy: 'cache-first', method: 'POST', body: 'x' });
  network.mockResolvedValueOnce(new Response('{}', { headers: { 'cache-control': 'no-cache' } }));
  await cache.fetch(URL_A, { strategy: 'cache-first' });
  expect(network).toHaveBeenCalledTimes(3);
  await cache.fetch(URL_A, { strategy: 'cache-first' });
  expect(network).toHaveBeenCalledTimes(4); // nothing was held by the three before
});

test('a response that another tab changed the key of while it was on its way is returned, not kept', async () => {
  const name = 'fetch-race-' + Math.random().toString(36).slice(2);
  const { cache, network } = setup(name);
  const other = createCache({ name, memory: { maxEntries: 10 }, disk: false });
  open.push(other);
  let answer!: (r: Response) => void;
  network.mockImplementationOnce(() => new Promise<Response>((resolve) => (answer = resolve)));
  const pending = cache.fetch(URL_A, { strategy: 'cache-first' });
  await other.set(URL_A, 'changed elsewhere');
  await vi.waitFor(() => expect(network).toHaveBeenCalledTimes(1));
  await new Promise((r) => setTimeout(r, 20)); // the BroadcastChannel message arrives
  answer(new Response('{"n":0}', { headers: { 'cache-control': 'max-age=60' } }));
  expect(await (await pending).json()).toEqual({ n: 0 });
  await cache.fetch(URL_A, { strategy: 'cache-first' });
  expect(network).toHaveBeenCalledTimes(2);
});

test('a closed cache rejects fetch (it does not throw synchronously)', async () => {
  const { cache } = setup();
  cache.close();
  const result = cache.fetch(URL_A);
  await expect(result).rejects.toThrow(/closed/);
});

test("strategy 'http': a fresh held response answers; a request with directives of its own, or a successful POST to its URL, goes past page memory", async () => {
  const { cache, network } = setup();
  await cache.fetch(URL_A, { strategy: 'http' });
  expect((await cache.fetch(URL_A, { strategy: 'http' })).headers.get('x-cache')).toBe('HIT');
  expect(network).toHaveBeenCalledTimes(1);
  await cache.fetch(URL_A, { strategy: 'http', cache: 'no-cache' });
  await cache.fetch(URL_A, { strategy: 'http', headers: { 'cache-control': 'max-age=0' } });
  expect(network).toHaveBeenCalledTimes(3);
  const posted = await cache.fetch(URL_A, { strategy: 'http', method: 'POST', body: 'x' });
  expect(posted.headers.get('x-cache-bypass')).toBe('method');
  await cache.fetch(URL_A, { strategy: 'http' });
  expect(network).toHaveBeenCalledTimes(5);
});
