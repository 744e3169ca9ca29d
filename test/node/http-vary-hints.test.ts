// Responses with Vary live under a variant key behind a pointer record; the worker's hint map
// saves the pointer read on hits, and a wrong hint costs a read, never a wrong answer.
import { expect, test } from 'vitest';
import { runStrategy, type StrategyContext } from '../../src/http/strategies.ts';
import { MapDisk } from './support/mapDisk.ts';

function setup(varies: () => string | undefined) {
  const disk = new MapDisk('t');
  let gets = 0;
  const get = disk.get.bind(disk);
  disk.get = (...args) => (gets++, get(...args));
  let n = 0;
  const ctx: StrategyContext = {
    disk,
    now: Date.now,
    origin: 'https://app.test',
    varyHints: new Map(),
    fetch: async (r) => {
      const vary = varies();
      const lang = r.headers.get('accept-language');
      return new Response(JSON.stringify({ lang, n: ++n }), { headers: vary ? { Vary: vary } : {} });
    },
  };
  const run = async (lang: string) => {
    const r = await runStrategy(ctx, new Request('https://app.test/api/v', { headers: { 'Accept-Language': lang } }), { strategy: 'cache-first' });
    return { xCache: r.headers.get('x-cache'), body: (await r.json()) as { lang: string; n: number } };
  };
  return { ctx, run, gets: () => gets };
}

test('a hinted hit costs one disk read; each language keeps its own variant', async () => {
  const s = setup(() => 'Accept-Language');
  await s.run('en');
  await s.run('fr');
  const before = s.gets();
  expect(await s.run('en')).toMatchObject({ xCache: 'HIT', body: { lang: 'en' } });
  expect(s.gets() - before).toBe(1);
  expect(await s.run('fr')).toMatchObject({ xCache: 'HIT', body: { lang: 'fr' } });
});

test('without hints (a restarted worker) the pointer is read and the right variant served', async () => {
  const s = setup(() => 'Accept-Language');
  await s.run('en');
  await s.run('fr');
  s.ctx.varyHints!.clear();
  const before = s.gets();
  expect(await s.run('fr')).toMatchObject({ xCache: 'HIT', body: { lang: 'fr' } });
  // The base key (empty), the pointer under its internal key, the variant.
  expect(s.gets() - before).toBe(3);
  expect(s.ctx.varyHints!.get('https://app.test/api/v')).toEqual(['accept-language']);
});

test('the Vary pointer is stored under an internal key, not at the URL a page cache might use', async () => {
  const s = setup(() => 'Accept-Language');
  await s.run('en');
  expect(await s.ctx.disk.get('https://app.test/api/v')).toBeUndefined();
  expect(await s.ctx.disk.get('tiercache:vary https://app.test/api/v')).toMatchObject({ value: { kind: 'json' } });
});

test('a stale hint (wrong header names) falls back to the pointer and never serves another variant', async () => {
  const s = setup(() => 'Accept-Language');
  await s.run('en');
  s.ctx.varyHints!.set('https://app.test/api/v', ['x-other']);
  expect(await s.run('en')).toMatchObject({ xCache: 'HIT', body: { lang: 'en' } });
  expect(await s.run('de')).toMatchObject({ xCache: 'MISS', body: { lang: 'de' } });
});
