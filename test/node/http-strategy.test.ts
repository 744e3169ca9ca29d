// The `http` strategy's actions (src/http/httpStrategy.ts) over a Map-backed disk and a scripted
// origin that answers conditional requests: what reached the server as well as what the page got.
// Storage itself is tested in Chromium; the rules alone in http-rules.test.ts.
import { describe, expect, test } from 'vitest';
import { runStrategy, type StrategyContext } from '../../src/http/strategies.ts';
import type { StrategyOptions } from '../../src/http/routes.ts';
import { MapDisk } from './support/mapDisk.ts';

const ORIGIN = 'https://app.test';
const URL_A = `${ORIGIN}/api/a`;
const HTTP: StrategyOptions = { strategy: 'http' };

interface Sent {
  method: string;
  url: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  cache: string;
}

function origin() {
  let clock = Date.parse('2026-03-01T10:00:00Z');
  let version = 1;
  let offline = false;
  let status = 200;
  let headers: Record<string, string> = { 'Cache-Control': 'max-age=60' };
  const sent: Sent[] = [];
  const background: Promise<unknown>[] = [];
  const disk = new MapDisk('t', () => clock);
  const etag = () => `"v${version}"`;
  const ctx: StrategyContext = {
    disk,
    now: () => clock,
    origin: ORIGIN,
    fetch: async (r) => {
      sent.push({ method: r.method, url: r.url, ifNoneMatch: r.headers.get('if-none-match'), ifModifiedSince: r.headers.get('if-modified-since'), cache: r.cache });
      if (offline) throw new TypeError('Failed to fetch');
      if (r.method !== 'GET') return new Response('"done"', { status, headers });
      const h = { ETag: etag(), Date: new Date(clock).toUTCString(), ...headers };
      if (status === 200 && r.headers.get('if-none-match') === etag()) return new Response(null, { status: 304, headers: h });
      return new Response(status === 205 ? null : JSON.stringify({ version }), { status, headers: { 'Content-Type': 'application/json', ...h } });
    },
    waitUntil: (p) => void background.push(p),
  };
  const run = async (options: StrategyOptions = HTTP, init: RequestInit = {}, url = URL_A) => {
    const r = await runStrategy(ctx, new Request(url, init), options);
    const text = await r.text();
    return { status: r.status, xCache: r.headers.get('x-cache'), bypass: r.headers.get('x-cache-bypass'), age: r.headers.get('age'), body: text ? JSON.parse(text) : null, r };
  };
  return {
    ctx, disk, sent, run,
    advance: (ms: number) => void (clock += ms),
    bump: () => void version++,
    setOffline: (v: boolean) => void (offline = v),
    setStatus: (s: number) => void (status = s),
    setHeaders: (h: Record<string, string>) => void (headers = h),
    settle: () => Promise.all(background),
  };
}

describe('freshness and revalidation', () => {
  test('fresh: HIT without the server; stale with an ETag: a conditional request, 304 → 200 REVALIDATED with the body kept', async () => {
    const o = origin();
    expect(await o.run()).toMatchObject({ xCache: 'MISS', body: { version: 1 } });
    o.advance(30_000);
    expect(await o.run()).toMatchObject({ xCache: 'HIT', age: '30', body: { version: 1 } });
    expect(o.sent).toHaveLength(1);
    o.advance(31_000);
    expect(await o.run()).toMatchObject({ status: 200, xCache: 'REVALIDATED', age: '0', body: { version: 1 } });
    expect(o.sent.at(-1)).toMatchObject({ ifNoneMatch: '"v1"', cache: 'no-store' });
    // The 304 refreshed the freshness: fresh again for 60 s.
    o.advance(59_000);
    expect(await o.run()).toMatchObject({ xCache: 'HIT', age: '59' });
    expect(o.sent).toHaveLength(2);
  });
  test('a 200 to the conditional request replaces the body', async () => {
    const o = origin();
    await o.run();
    o.advance(61_000);
    o.bump();
    expect(await o.run()).toMatchObject({ xCache: 'MISS', body: { version: 2 } });
    expect(await o.run()).toMatchObject({ xCache: 'HIT', body: { version: 2 } });
  });
  test('a 304 updates the stored headers and counts the Age it arrived with', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=10', 'X-Rev': 'a' });
    await o.run();
    o.advance(11_000);
    o.setHeaders({ 'Cache-Control': 'max-age=100', 'X-Rev': 'b', Age: '7' });
    const revalidated = await o.run();
    expect(revalidated).toMatchObject({ xCache: 'REVALIDATED', age: '7' });
    expect(revalidated.r.headers.get('x-rev')).toBe('b');
    o.advance(92_000);
    expect(await o.run()).toMatchObject({ xCache: 'HIT', age: '99' });
    o.advance(2000);
    expect(await o.run()).toMatchObject({ xCache: 'REVALIDATED' });
  });
  test('no-cache and must-revalidate: never answered stale without asking; Last-Modified alone is a validator', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'no-cache' });
    await o.run();
    expect(await o.run()).toMatchObject({ xCache: 'REVALIDATED' });
    expect(o.sent).toHaveLength(2);
    const lm = origin();
    lm.setHeaders({ 'Cache-Control': 'max-age=0, must-revalidate', 'Last-Modified': 'Sun, 01 Mar 2026 09:00:00 GMT' });
    await lm.run();
    await lm.run();
    expect(lm.sent.at(-1)).toMatchObject({ ifModifiedSince: 'Sun, 01 Mar 2026 09:00:00 GMT' });
  });
  test("a route's ttlMs overrides the server's freshness", async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'no-cache' });
    await o.run({ strategy: 'http', ttlMs: 60_000 });
    expect(await o.run({ strategy: 'http', ttlMs: 60_000 })).toMatchObject({ xCache: 'HIT' });
    expect(o.sent).toHaveLength(1);
  });
});

describe('stale-while-revalidate and stale-if-error', () => {
  test('within stale-while-revalidate: STALE at once, refreshed in the background; beyond it: revalidated first', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=10, stale-while-revalidate=20' });
    await o.run();
    o.advance(15_000);
    expect(await o.run()).toMatchObject({ xCache: 'STALE' });
    await o.settle();
    expect(o.sent.at(-1)).toMatchObject({ ifNoneMatch: '"v1"' });
    expect(await o.run()).toMatchObject({ xCache: 'HIT' });
    o.advance(31_000);
    expect(await o.run()).toMatchObject({ xCache: 'REVALIDATED' });
  });
  test('a response that arrived stale counts its staleness from when it went stale: Age 100 is past max-age=1 + swr=5', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=1, stale-while-revalidate=5', Age: '100' });
    await o.run();
    expect(await o.run()).toMatchObject({ xCache: 'REVALIDATED' });
    expect(o.sent).toHaveLength(2);
  });
  test('Age 100 is past max-age=1 + stale-if-error=5 too: a 500 passes through', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=1, stale-if-error=5', Age: '100' });
    await o.run();
    o.setStatus(500);
    expect(await o.run()).toMatchObject({ status: 500, xCache: 'MISS' });
    const within = origin();
    within.setHeaders({ 'Cache-Control': 'max-age=1, stale-if-error=60' });
    await within.run();
    within.advance(5000);
    within.setStatus(503);
    expect(await within.run()).toMatchObject({ status: 200, xCache: 'STALE', body: { version: 1 } });
  });
});

describe('offline', () => {
  test('an unreachable network is answered STALE whatever the headers; offline: fail rejects', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'no-cache' });
    await o.run();
    o.setOffline(true);
    expect(await o.run()).toMatchObject({ xCache: 'STALE', body: { version: 1 } });
    await expect(o.run({ strategy: 'http', offline: 'fail' })).rejects.toThrow(TypeError);
    await expect(o.run({ strategy: 'cache-first', offline: 'fail' })).rejects.toThrow(TypeError);
    expect(await o.run({ strategy: 'cache-first' })).toMatchObject({ xCache: 'STALE' });
    await expect(o.run({ strategy: 'network-first', offline: 'fail' })).rejects.toThrow(TypeError);
    expect(await o.run({ strategy: 'network-first' })).toMatchObject({ xCache: 'STALE' });
  });
  test('offline: fail still answers within stale-if-error', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=10, stale-if-error=60' });
    await o.run();
    o.advance(30_000);
    o.setOffline(true);
    expect(await o.run({ strategy: 'http', offline: 'fail' })).toMatchObject({ xCache: 'STALE' });
    o.advance(60_000);
    await expect(o.run({ strategy: 'http', offline: 'fail' })).rejects.toThrow(TypeError);
  });
});

describe('request directives', () => {
  test('no-cache and max-age=0 revalidate a fresh response; max-age=N accepts one younger than N', async () => {
    const o = origin();
    await o.run();
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'no-cache' } })).toMatchObject({ xCache: 'REVALIDATED' });
    expect(await o.run(HTTP, { cache: 'no-cache' })).toMatchObject({ xCache: 'REVALIDATED' });
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'max-age=0' } })).toMatchObject({ xCache: 'REVALIDATED' });
    o.advance(20_000);
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'max-age=30' } })).toMatchObject({ xCache: 'HIT' });
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'max-age=10' } })).toMatchObject({ xCache: 'REVALIDATED' });
    expect(o.sent).toHaveLength(5);
  });
  test('only-if-cached: the stored response without the network, else 504', async () => {
    const o = origin();
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'only-if-cached' } })).toMatchObject({ status: 504 });
    expect(o.sent).toHaveLength(0);
    await o.run();
    o.advance(120_000);
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'only-if-cached' } })).toMatchObject({ status: 200, xCache: 'STALE' });
    expect(o.sent).toHaveLength(1);
  });
  test('no-store: to the server, not answered from nor written to the cache', async () => {
    const o = origin();
    expect(await o.run(HTTP, { headers: { 'Cache-Control': 'no-store' } })).toMatchObject({ xCache: 'BYPASS', bypass: 'no-store' });
    expect(o.disk.records.size).toBe(0);
  });
  test("the page's own conditional request passes through, BYPASS conditional", async () => {
    const o = origin();
    await o.run();
    expect(await o.run(HTTP, { headers: { 'If-None-Match': '"v1"' } })).toMatchObject({ status: 304, xCache: 'BYPASS', bypass: 'conditional' });
    expect(o.sent).toHaveLength(2);
  });
  test('immutable: a fresh response is not revalidated even for no-cache', async () => {
    const o = origin();
    o.setHeaders({ 'Cache-Control': 'max-age=60, immutable' });
    await o.run();
    expect(await o.run(HTTP, { cache: 'no-cache' })).toMatchObject({ xCache: 'HIT' });
  });
});

describe('what is stored', () => {
  test('heuristically cacheable statuses and explicit freshness are stored; other statuses are not', async () => {
    const o = origin();
    o.setStatus(404);
    o.setHeaders({});
    await o.run();
    expect(o.disk.records.size).toBe(1);
    const e = origin();
    e.setStatus(500);
    e.setHeaders({});
    expect(await e.run()).toMatchObject({ xCache: 'BYPASS', bypass: 'status' });
    e.setHeaders({ 'Cache-Control': 'max-age=60' });
    await e.run();
    expect(await e.run()).toMatchObject({ status: 500, xCache: 'HIT' });
  });
});

describe('invalidation', () => {
  test('a successful POST invalidates its URL and the same-origin Location, under any strategy', async () => {
    for (const strategy of ['http', 'cache-first'] as const) {
      const o = origin();
      await o.run({ strategy });
      await o.run({ strategy }, {}, `${ORIGIN}/api/b`);
      await o.run({ strategy }, {}, `${ORIGIN}/api/c`);
      o.setHeaders({ Location: '/api/b', 'Content-Location': 'https://elsewhere.test/api/c' });
      expect(await o.run({ strategy }, { method: 'POST', body: 'x' })).toMatchObject({ xCache: 'BYPASS', bypass: 'method' });
      expect([...o.disk.records.keys()]).toEqual([`${ORIGIN}/api/c`]);
    }
  });
  test('a failed one invalidates nothing', async () => {
    const o = origin();
    await o.run();
    o.setStatus(500);
    await o.run(HTTP, { method: 'DELETE' });
    expect(o.disk.records.size).toBe(1);
  });
});

describe('null-body statuses', () => {
  test('a 205 passes through without a body (the page\'s own 304: the conditional test above)', async () => {
    const o = origin();
    o.setStatus(205);
    expect(await o.run()).toMatchObject({ status: 205, xCache: 'MISS', body: null });
    expect(await o.run()).toMatchObject({ status: 205, xCache: 'HIT', body: null });
  });
});
