// Scenario 17: what is kept of a response's headers. By default every end-to-end header is stored
// and served back (an API's `Link` pagination and `X-Total-Count` work offline), never a
// hop-by-hop one, a cookie, the network's Content-Encoding/Length, or our own X-Cache pair. A route
// (or a cache.fetch) with `storeHeaders` keeps only the headers it lists: the mock API's
// /api/headers sends `X-Internal-Token: secret-internal-token`, and with a list that omits it no
// stored record carries it, no byte of storage contains it, and no answer served from a cache
// (worker disk, page disk, page memory) carries it.
import { expect, expectNoRejections, fetchOk, openPage, scan, test, uniqueName } from './support/harness.ts';

const LIST = ['content-type', 'etag', 'last-modified', 'cache-control', 'date', 'vary', 'content-language'];
const NEVER_STORED = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'set-cookie', 'set-cookie2', 'content-encoding', 'content-length', 'age', 'x-cache', 'x-cache-bypass'];
const TOKEN = 'secret-internal-token';

function storedNames(record: { headers?: unknown } | undefined): string[] {
  return ((record?.headers ?? []) as [string, string][]).map(([n]) => n);
}

test('by default the worker stores every end-to-end header: a HIT carries Link and X-Total-Count, and no hop-by-hop header is stored', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  const url = '/api/headers?strategy=cache-first';
  const miss = await fetchOk(page, url);
  expect(miss.xCache).toBe('MISS');
  const hit = await fetchOk(page, url);
  expect(hit.xCache).toBe('HIT');
  expect(hit.headers['link'], 'Link on a HIT').toBe('</api/headers?page=2>; rel="next"');
  expect(hit.headers['x-total-count'], 'X-Total-Count on a HIT').toBe('240');
  expect(hit.headers['x-internal-token'], 'an end-to-end header the route did not narrow away').toBe(TOKEN);
  expect(hit.headers['last-modified']).toBe(miss.headers['last-modified']);

  const record = (await scan(page, 'api')).records.find((r) => r.key.includes('/api/headers'));
  expect(record, 'the response was stored').toBeDefined();
  const names = storedNames(record);
  expect(names).toEqual(expect.arrayContaining(['link', 'x-total-count', 'content-type', 'etag']));
  expect(names.filter((n) => NEVER_STORED.includes(n) || n.startsWith('proxy-')), 'hop-by-hop and per-answer headers stored').toEqual([]);
  await expectNoRejections(page);
});

test('a route with storeHeaders stores only those: a HIT never carries X-Internal-Token and no byte of storage holds it', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  const url = '/api/headers?narrow';
  expect((await fetchOk(page, url)).xCache).toBe('MISS');
  const hit = await fetchOk(page, url);
  expect(hit.xCache).toBe('HIT');
  expect(hit.headers['x-internal-token'], 'X-Internal-Token on a HIT').toBeUndefined();
  expect(hit.headers['link'], 'Link is not in the list either').toBeUndefined();
  expect(hit.headers['last-modified'], 'listed headers are kept').toBeDefined();
  expect(hit.headers['cache-control']).toBe('max-age=60');

  const record = (await scan(page, 'api')).records.find((r) => r.key.includes('/api/headers'));
  expect(record, 'the response was stored').toBeDefined();
  const names = storedNames(record);
  expect(names.filter((n) => !LIST.includes(n)), 'stored header names outside the list').toEqual([]);
  expect(names).toContain('last-modified');

  const found = await page.evaluate((needles) => window.tc.grep(needles), [TOKEN, 'x-internal-token', 'max-age=60']);
  expect(found.filter((f) => f.needle !== 'max-age=60'), 'the token anywhere in storage').toEqual([]);
  expect(found.some((f) => f.needle === 'max-age=60'), 'the scan does find stored header values').toBe(true);
  await expectNoRejections(page);
});

for (const sw of [false, true]) {
  test(`cache.fetch ${sw ? 'under the worker' : 'without a worker'}: with storeHeaders, answers from page memory and disk never carry X-Internal-Token; without, they carry Link`, async ({ context }) => {
    const name = uniqueName('hdr');
    const page = await openPage(context, { sw });
    const seen = await page.evaluate(async ([name, list]) => {
      const view = (r: Response) => ({ xCache: r.headers.get('x-cache'), token: r.headers.get('x-internal-token'), link: r.headers.get('link') });
      const run = async (url: string, init: Record<string, unknown>) => {
        const cache = window.tc.make(`c${url}`, { name, memory: { maxEntries: 10 }, disk: { maxBytes: 1 << 20 } });
        const first = await cache.fetch(url, init);
        const second = await cache.fetch(url, init);
        // A second cache on the same name: empty memory, so its answer comes from disk.
        const fresh = window.tc.make(`d${url}`, { name, memory: { maxEntries: 10 }, disk: { maxBytes: 1 << 20 } });
        const third = await fresh.fetch(url, init);
        return { first: view(first), second: view(second), third: view(third) };
      };
      return {
        narrow: await run('/api/headers?strategy=cache-first&n=1', { strategy: 'cache-first', storeHeaders: list }),
        wide: await run('/api/headers?strategy=cache-first&n=2', { strategy: 'cache-first' }),
      };
    }, [name, LIST] as const);
    expect(seen.narrow.first.token, 'the network answer itself is untouched').toBe(TOKEN);
    expect(seen.narrow.second.xCache, 'the repeat is answered from a cache').toBe('HIT');
    expect(seen.narrow.second.token, 'X-Internal-Token on the answer from page memory').toBeNull();
    expect(seen.narrow.third.xCache).toBe('HIT');
    expect(seen.narrow.third.token, 'X-Internal-Token on the answer from disk').toBeNull();
    expect(seen.wide.second).toMatchObject({ xCache: 'HIT', link: '</api/headers?page=2>; rel="next"' });
    expect(seen.wide.third).toMatchObject({ xCache: 'HIT', link: '</api/headers?page=2>; rel="next"' });
    const records = (await scan(page, name)).records;
    const narrow = records.find((r) => r.key.includes('n=1'));
    expect(narrow, 'the narrowed response was stored').toBeDefined();
    expect(storedNames(narrow).filter((n) => !LIST.includes(n))).toEqual([]);
    const wide = records.find((r) => r.key.includes('n=2'));
    expect(storedNames(wide)).toContain('x-total-count');
    await expectNoRejections(page);
  });
}
