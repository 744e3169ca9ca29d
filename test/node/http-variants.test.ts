// A URL's variants (Vary) live in one record: one read finds the request's variant, eviction
// takes them together, and a request whose variant is not there is a miss, never another's body.
import { expect, test } from 'vitest';
import { runStrategy, type StrategyContext } from '../../src/http/strategies.ts';
import { MAX_VARIANTS } from '../../src/http/variants.ts';
import { MapDisk } from './support/mapDisk.ts';

const URL_ = 'https://app.test/api/v';

function setup(vary: string | undefined, ttl = 'max-age=3600') {
  let clock = 1_000_000;
  const disk = new MapDisk('t', () => clock);
  let gets = 0;
  const get = disk.get.bind(disk);
  disk.get = (...args) => (gets++, get(...args));
  let n = 0;
  const ctx: StrategyContext = {
    disk,
    now: () => clock,
    origin: 'https://app.test',
    fetch: async (r) => {
      const lang = r.headers.get('accept-language');
      const headers: Record<string, string> = vary ? { Vary: vary } : {};
      if (ttl) headers['Cache-Control'] = ttl;
      return new Response(JSON.stringify({ lang, n: ++n }), { headers });
    },
  };
  const run = async (lang: string, extra: Record<string, string> = {}) => {
    const r = await runStrategy(ctx, new Request(URL_, { headers: { 'Accept-Language': lang, ...extra } }), { strategy: 'cache-first' });
    return { xCache: r.headers.get('x-cache'), body: (await r.json()) as { lang: string; n: number } };
  };
  return { ctx, disk, run, gets: () => gets, tick: (ms: number) => (clock += ms) };
}

test('each language keeps its variant, all in one record found with one read', async () => {
  const s = setup('Accept-Language');
  const en = await s.run('en');
  const fr = await s.run('fr');
  expect([...s.disk.records.keys()]).toEqual([URL_]);
  const before = s.gets();
  expect(await s.run('en')).toEqual({ xCache: 'HIT', body: en.body });
  expect(await s.run('fr')).toEqual({ xCache: 'HIT', body: fr.body });
  expect(s.gets() - before).toBe(2);
  expect(await s.run('de')).toMatchObject({ xCache: 'MISS', body: { lang: 'de' } });
  // Evicting the one record takes every variant with it: nothing is left that nothing reaches.
  await s.disk.delete(URL_);
  expect(s.disk.records.size).toBe(0);
});

test('a variant stored again replaces its old copy; at most MAX_VARIANTS are kept, newest first', async () => {
  const s = setup('Accept-Language', 'max-age=1');
  const langs = ['a', 'b', 'c', 'd', 'e'];
  for (const lang of langs) await s.run(lang);
  s.tick(500);
  expect(await s.run('a')).toMatchObject({ xCache: 'MISS' }); // the oldest went to make room for 'e'
  for (const lang of ['e', 'd', 'c']) expect(await s.run(lang)).toMatchObject({ xCache: 'HIT', body: { lang } });
  const meta = s.disk.records.get(URL_)!.value.meta!;
  expect(1 + meta.others!.length).toBe(MAX_VARIANTS);
  expect(JSON.stringify(meta)).not.toContain('"b"'); // 'a' came back and pushed out 'b'
  // Each variant keeps its own age: 'c' was stored before the clock moved, 'a' after.
  s.tick(600);
  expect(await s.run('c')).toMatchObject({ xCache: 'MISS' });
  expect(await s.run('a')).toMatchObject({ xCache: 'HIT', body: { lang: 'a' } });
});

test('Vary: Origin and Accept-Encoding keep one variant for every request of this origin', async () => {
  const s = setup('Origin, Accept-Encoding');
  const first = await s.run('en', { 'Accept-Encoding': 'gzip' });
  expect(await s.run('en', { 'Accept-Encoding': 'br' })).toEqual({ xCache: 'HIT', body: first.body });
  expect(await s.run('fr', { Origin: 'https://app.test' })).toEqual({ xCache: 'HIT', body: first.body });
  expect(s.disk.records.get(URL_)!.value.meta!.others).toBeUndefined();
});

test('a response without Vary replaces the variants; a record a page set() there is replaced, never served', async () => {
  const s = setup(undefined);
  await s.disk.set(URL_, { kind: 'json', bytes: new TextEncoder().encode('{"tiercache:vary":["accept-language"]}') });
  expect(await s.run('en')).toMatchObject({ xCache: 'MISS' });
  expect(await s.run('fr')).toMatchObject({ xCache: 'HIT', body: { lang: 'en' } });
  expect(s.disk.records.get(URL_)!.value.kind).toBe('response');
});

test('when the variants together are refused (too large), the new one is stored alone', async () => {
  const s = setup('Accept-Language');
  await s.run('en');
  const set = s.disk.set.bind(s.disk);
  s.disk.set = async (key, value, options) => (value.meta?.others ? false : set(key, value, options));
  await s.run('fr');
  expect(await s.run('fr')).toMatchObject({ xCache: 'HIT', body: { lang: 'fr' } });
  expect(await s.run('en')).toMatchObject({ xCache: 'MISS' });
});
