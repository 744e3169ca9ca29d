// The strategies' decisions (HIT/STALE/MISS, Age, fallbacks, revalidation notices) over a
// Map-backed disk and a scripted network; storage itself is tested in Chromium.
import { describe, expect, test } from 'vitest';
import { runStrategy, type StrategyContext } from '../../src/http/strategies.ts';
import type { StrategyOptions } from '../../src/http/routes.ts';
import { MapDisk } from './support/mapDisk.ts';

const URL_A = 'https://app.test/api/a';

function setup() {
  let clock = 1_000_000;
  let version = 1;
  let offline = false;
  let calls = 0;
  let cacheControl = 'max-age=3600';
  const updates: string[] = [];
  const background: Promise<unknown>[] = [];
  const disk = new MapDisk('t', () => clock);
  const ctx: StrategyContext = {
    disk,
    now: () => clock,
    origin: 'https://app.test',
    fetch: async () => {
      calls++;
      if (offline) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ version }), { headers: { 'Content-Type': 'application/json', 'Cache-Control': cacheControl, 'X-Secret': 's' } });
    },
    waitUntil: (p) => void background.push(p),
    onUpdate: (key) => void updates.push(key),
  };
  const run = async (options: StrategyOptions, init: RequestInit = {}) => {
    const r = await runStrategy(ctx, new Request(URL_A, init), options);
    return { xCache: r.headers.get('x-cache'), age: r.headers.get('age'), body: await r.json(), secret: r.headers.get('x-secret') };
  };
  return {
    ctx, disk, updates, run,
    advance: (ms: number) => void (clock += ms),
    bump: () => void version++,
    setOffline: (v: boolean) => void (offline = v),
    setCacheControl: (v: string) => void (cacheControl = v),
    calls: () => calls,
    settle: () => Promise.all(background),
  };
}

describe('cache-first', () => {
  test('MISS stores, HIT serves with Age until ttlMs, then the network refreshes', async () => {
    const s = setup();
    expect(await s.run({ strategy: 'cache-first', ttlMs: 10_000 })).toMatchObject({ xCache: 'MISS', body: { version: 1 } });
    s.advance(3500);
    s.bump();
    expect(await s.run({ strategy: 'cache-first', ttlMs: 10_000 })).toMatchObject({ xCache: 'HIT', age: '3', body: { version: 1 }, secret: 's' });
    expect(s.calls()).toBe(1);
    s.advance(7000);
    expect(await s.run({ strategy: 'cache-first', ttlMs: 10_000 })).toMatchObject({ xCache: 'MISS', body: { version: 2 } });
    expect(s.updates).toEqual([URL_A]);
  });
  test('an expired copy is served STALE when the network fails', async () => {
    const s = setup();
    await s.run({ strategy: 'cache-first', ttlMs: 1000 });
    s.advance(5000);
    s.setOffline(true);
    expect(await s.run({ strategy: 'cache-first', ttlMs: 1000 })).toMatchObject({ xCache: 'STALE', age: '5', body: { version: 1 } });
  });
});

describe('network-first', () => {
  test('the network answers while it can; the stored copy when it fails (HIT when fresh)', async () => {
    const s = setup();
    await s.run({ strategy: 'network-first', ttlMs: 60_000 });
    s.bump();
    expect(await s.run({ strategy: 'network-first', ttlMs: 60_000 })).toMatchObject({ xCache: 'MISS', body: { version: 2 } });
    s.setOffline(true);
    expect(await s.run({ strategy: 'network-first', ttlMs: 60_000 })).toMatchObject({ xCache: 'HIT', body: { version: 2 } });
    s.advance(61_000);
    expect(await s.run({ strategy: 'network-first', ttlMs: 60_000 })).toMatchObject({ xCache: 'STALE' });
  });
  test('with nothing stored, a network failure rejects like fetch', async () => {
    const s = setup();
    s.setOffline(true);
    await expect(s.run({ strategy: 'network-first' })).rejects.toThrow(TypeError);
  });
  test('a network slower than timeoutMs is beaten by the stored copy, and its late answer still refreshes it', async () => {
    const s = setup();
    await s.run({ strategy: 'network-first' });
    const slowFetch = s.ctx.fetch;
    s.ctx.fetch = (r) => new Promise((resolve) => setTimeout(() => resolve(slowFetch(r)), 200));
    s.bump();
    expect(await s.run({ strategy: 'network-first', timeoutMs: 20 })).toMatchObject({ xCache: 'HIT', body: { version: 1 } });
    await s.settle();
    s.ctx.fetch = slowFetch;
    s.setOffline(true);
    expect(await s.run({ strategy: 'network-first' })).toMatchObject({ body: { version: 2 } });
    expect(s.updates).toEqual([URL_A]);
  });
});

describe('stale-while-revalidate', () => {
  test('fresh copies answer without the network; stale ones answer at once and refresh in the background', async () => {
    const s = setup();
    await s.run({ strategy: 'stale-while-revalidate', ttlMs: 1000 });
    expect(await s.run({ strategy: 'stale-while-revalidate', ttlMs: 1000 })).toMatchObject({ xCache: 'HIT' });
    expect(s.calls()).toBe(1);
    s.advance(2000);
    s.bump();
    expect(await s.run({ strategy: 'stale-while-revalidate', ttlMs: 1000 })).toMatchObject({ xCache: 'STALE', body: { version: 1 } });
    await s.settle();
    expect(s.updates).toEqual([URL_A]);
    expect(await s.run({ strategy: 'stale-while-revalidate', ttlMs: 1000 })).toMatchObject({ xCache: 'HIT', body: { version: 2 } });
  });
  test('a refresh with unchanged content sends no update notice', async () => {
    const s = setup();
    await s.run({ strategy: 'stale-while-revalidate', ttlMs: 0 });
    await s.run({ strategy: 'stale-while-revalidate', ttlMs: 0 });
    await s.settle();
    expect(s.calls()).toBe(2);
    expect(s.updates).toEqual([]);
  });
});

describe('a response replacing a set() value', () => {
  test('sends the update notice, so tabs drop the value they hold in memory', async () => {
    const s = setup();
    await s.disk.set(URL_A, { kind: 'json', bytes: new TextEncoder().encode('{"set":"by a page"}') });
    expect(await s.run({ strategy: 'network-first' })).toMatchObject({ xCache: 'MISS', body: { version: 1 } });
    expect(s.updates).toEqual([URL_A]);
  });
});

describe('cache-only and network-only', () => {
  test('cache-only never touches the network and rejects when nothing is stored', async () => {
    const s = setup();
    await expect(s.run({ strategy: 'cache-only' })).rejects.toThrow(/cache-only/);
    await s.run({ strategy: 'network-first' });
    expect(await s.run({ strategy: 'cache-only' })).toMatchObject({ xCache: 'HIT' });
    expect(s.calls()).toBe(1);
  });
  test('network-only marks MISS and stores nothing', async () => {
    const s = setup();
    expect(await s.run({ strategy: 'network-only' })).toMatchObject({ xCache: 'MISS' });
    expect(s.disk.records.size).toBe(0);
  });
});

describe('what is kept', () => {
  test('an Authorization request is passed through unless allowed; allowed ones are stored per credential hash', async () => {
    const s = setup();
    await s.run({ strategy: 'cache-first' }, { headers: { Authorization: 'Bearer tok-1' } });
    expect(s.disk.records.size).toBe(0);
    await s.run({ strategy: 'cache-first', allowAuthorized: true }, { headers: { Authorization: 'Bearer tok-1' } });
    await s.run({ strategy: 'cache-first', allowAuthorized: true }, { headers: { Authorization: 'Bearer tok-2' } });
    const keys = [...s.disk.records.keys()];
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toContain('tok-');
    s.setOffline(true);
    // A request without the credential cannot reach either partition.
    await expect(s.run({ strategy: 'cache-first', allowAuthorized: true })).rejects.toThrow(TypeError);
  });
  test('every end-to-end header is stored with the body; a route\'s storeHeaders narrows them', async () => {
    const s = setup();
    await s.run({ strategy: 'cache-first' });
    const record = s.disk.records.get(URL_A)!;
    expect(record.value.kind).toBe('response');
    expect(record.value.meta?.headers).toEqual([['cache-control', 'max-age=3600'], ['content-type', 'application/json'], ['x-secret', 's']]);
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'HIT', secret: 's' });
    await s.disk.delete(URL_A);
    await s.run({ strategy: 'cache-first', storeHeaders: ['Content-Type'] });
    expect(s.disk.records.get(URL_A)!.value.meta?.headers).toEqual([['content-type', 'application/json']]);
    expect(await s.run({ strategy: 'cache-first', storeHeaders: ['Content-Type'] })).toMatchObject({ xCache: 'HIT', secret: null });
  });
  test('a response without freshness information is stored stale: cache-first asks the network again, offline it is served STALE', async () => {
    const s = setup();
    s.setCacheControl('private');
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'MISS' });
    s.bump();
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'MISS', body: { version: 2 } });
    expect(await s.run({ strategy: 'stale-while-revalidate' })).toMatchObject({ xCache: 'STALE', body: { version: 2 } });
    await s.settle();
    expect(s.calls()).toBe(3);
    s.setOffline(true);
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'STALE' });
  });
  test('an Age beyond max-age is stale on arrival; max-age less Age is the freshness otherwise', async () => {
    const s = setup();
    s.setCacheControl('max-age=60');
    const fetchOnce = s.ctx.fetch;
    let age = '61';
    s.ctx.fetch = async (r) => {
      const res = await fetchOnce(r);
      const headers = new Headers(res.headers);
      headers.set('Age', age);
      return new Response(res.body, { headers });
    };
    await s.run({ strategy: 'cache-first' });
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'MISS' });
    age = '50';
    await s.run({ strategy: 'cache-first' });
    s.advance(9000);
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'HIT' });
    s.advance(2000);
    expect(await s.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'MISS' });
  });
});

describe('a network status the Response constructor refuses', () => {
  for (const status of [0, 101, 600]) {
    test(`status ${status} is passed through as it came, not thrown`, async () => {
      const s = setup();
      const odd = new Response('upgrade');
      Object.defineProperty(odd, 'status', { value: status });
      s.ctx.fetch = async () => odd;
      for (const strategy of ['cache-first', 'network-first', 'stale-while-revalidate', 'network-only'] as const) {
        const r = await runStrategy(s.ctx, new Request(URL_A), { strategy });
        expect(r, strategy).toBe(odd);
        expect(r.headers.get('x-cache')).toBeNull();
      }
      expect(await s.disk.get(URL_A, { allowStale: true })).toBeUndefined();
    });
  }
});
