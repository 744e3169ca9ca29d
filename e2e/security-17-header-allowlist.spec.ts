// Scenario 17: response headers outside the allowlist (content-type, etag, last-modified,
// cache-control, date, vary, content-language) are not stored. The mock API's /api/headers sends
// `X-Internal-Token: secret-internal-token`. Expected: no stored record carries it, no byte of
// storage contains it, and an answer served from a cache (worker disk, page disk, page memory)
// never carries it.
import { expect, expectNoRejections, fetchOk, openPage, scan, test, uniqueName } from './support/harness.ts';

const ALLOWLIST = ['content-type', 'etag', 'last-modified', 'cache-control', 'date', 'vary', 'content-language'];
const TOKEN = 'secret-internal-token';

test('the worker stores only allowlisted headers: a HIT never carries X-Internal-Token and no byte of storage holds it', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  const url = '/api/headers?strategy=cache-first';
  expect((await fetchOk(page, url)).xCache).toBe('MISS');
  const hit = await fetchOk(page, url);
  expect(hit.xCache).toBe('HIT');
  expect(hit.headers['x-internal-token'], 'X-Internal-Token on a HIT').toBeUndefined();
  expect(hit.headers['last-modified'], 'allowlisted headers are kept').toBeDefined();
  expect(hit.headers['cache-control']).toBe('max-age=60');

  const record = (await scan(page, 'api')).records.find((r) => r.key.includes('/api/headers'));
  expect(record, 'the response was stored').toBeDefined();
  const names = (record!.headers as [string, string][]).map(([n]) => n);
  expect(names.filter((n) => !ALLOWLIST.includes(n)), 'stored header names outside the allowlist').toEqual([]);
  expect(names).toContain('last-modified');

  const found = await page.evaluate((needles) => window.tc.grep(needles), [TOKEN, 'x-internal-token', 'max-age=60']);
  expect(found.filter((f) => f.needle !== 'max-age=60'), 'the token anywhere in storage').toEqual([]);
  expect(found.some((f) => f.needle === 'max-age=60'), 'the scan does find stored header values').toBe(true);
  await expectNoRejections(page);
});

for (const sw of [false, true]) {
  test(`cache.fetch ${sw ? 'under the worker' : 'without a worker'}: answers from page memory and disk never carry X-Internal-Token`, async ({ context }) => {
    const name = uniqueName('hdr');
    const page = await openPage(context, { sw });
    const seen = await page.evaluate(async (name) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 1 << 20 } });
      const first = await cache.fetch('/api/headers?strategy=cache-first', { strategy: 'cache-first' });
      const second = await cache.fetch('/api/headers?strategy=cache-first', { strategy: 'cache-first' });
      // A second cache on the same name: empty memory, so its answer comes from disk.
      const fresh = window.tc.make('d', { name, memory: { maxEntries: 10 }, disk: { maxBytes: 1 << 20 } });
      const third = await fresh.fetch('/api/headers?strategy=cache-first', { strategy: 'cache-first' });
      const view = (r: Response) => ({ xCache: r.headers.get('x-cache'), token: r.headers.get('x-internal-token') });
      return { first: view(first), second: view(second), third: view(third) };
    }, name);
    expect(seen.second.xCache, 'the repeat is answered from a cache').toBe('HIT');
    expect(seen.second.token, 'X-Internal-Token on the answer from page memory').toBeNull();
    expect(seen.third.xCache).toBe('HIT');
    expect(seen.third.token, 'X-Internal-Token on the answer from disk').toBeNull();
    const found = await page.evaluate((needles) => window.tc.grep(needles), [TOKEN]);
    expect(found, 'the token anywhere in storage').toEqual([]);
    if (!sw) {
      const record = (await scan(page, name)).records.find((r) => r.key.includes('/api/headers'));
      const names = ((record?.headers ?? []) as [string, string][]).map(([n]) => n);
      expect(record).toBeDefined();
      expect(names.filter((n) => !ALLOWLIST.includes(n))).toEqual([]);
    }
    await expectNoRejections(page);
  });
}
