// One rule for ttlMs wherever it is accepted (src/ttl.ts): a number >= 0, Infinity = never
// expires (as omitting it does), 0 = stale at once; negatives and NaN are RangeErrors, a
// non-number a TypeError.
// Each place that takes a ttlMs is pinned here, so none can drift back to its own reading.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createCache } from '../../src/index.ts';
import { validateRoutes } from '../../src/http/routes.ts';
import { MemoryLru } from '../../src/lru/index.ts';
import { serveCache } from '../../src/sw/index.ts';
import { RpcServer } from '../../src/sw/rpcServer.ts';
import { checkTtlMs } from '../../src/ttl.ts';
import { parseRequest } from '../../src/wire/protocol.ts';
import { MapDisk } from './support/mapDisk.ts';

const refused: [label: string, ttlMs: unknown, kind: ErrorConstructor, message: RegExp][] = [
  ['-1', -1, RangeError, /ttlMs must be >= 0, got -1$/],
  ['-0.5', -0.5, RangeError, /ttlMs must be >= 0, got -0.5$/],
  ['NaN', NaN, RangeError, /ttlMs must be >= 0, got NaN$/],
  ["'5'", '5', TypeError, /ttlMs must be a number, got string$/],
];

const caches: { close(): void }[] = [];
afterEach(() => {
  caches.splice(0).forEach((c) => c.close());
  vi.unstubAllGlobals();
});

function memoryCache(options: { ttlMs?: number } = {}) {
  let clock = 0;
  const cache = createCache({ memory: { maxEntries: 10 }, disk: false, now: () => clock, ...options });
  caches.push(cache);
  return { cache, advance: (ms: number) => void (clock += ms) };
}

describe('checkTtlMs', () => {
  test.each(refused)('ttlMs %s is refused', (_label, ttlMs, kind, message) => {
    expect(() => checkTtlMs(ttlMs)).toThrow(kind);
    expect(() => checkTtlMs(ttlMs)).toThrow(message);
  });

  test('Infinity, 0, a positive number and undefined pass; the name given is the one reported', () => {
    expect(() => checkTtlMs(Infinity)).not.toThrow();
    expect(() => checkTtlMs(0)).not.toThrow();
    expect(() => checkTtlMs(0.5)).not.toThrow();
    expect(() => checkTtlMs(undefined)).not.toThrow();
    expect(() => checkTtlMs(-1, 'routes[2].ttlMs')).toThrow(/^routes\[2\]\.ttlMs must be >= 0/);
  });
});

describe('createCache and TierCache', () => {
  test.each(refused)('createCache({ ttlMs: %s }) throws', (_label, ttlMs, kind, message) => {
    const make = () => createCache({ memory: { maxEntries: 1 }, disk: false, ttlMs: ttlMs as number });
    expect(make).toThrow(kind);
    expect(make).toThrow(message);
  });

  test.each(refused)('cache.set(k, v, { ttlMs: %s }) rejects and stores nothing', async (_label, ttlMs, kind, message) => {
    const { cache } = memoryCache();
    await expect(cache.set('k', 1, { ttlMs: ttlMs as number })).rejects.toThrow(kind);
    await expect(cache.set('k', 1, { ttlMs: ttlMs as number })).rejects.toThrow(message);
    expect(await cache.has('k')).toBe(false);
  });

  test.each(refused)('cache.fetch(url, { ttlMs: %s }) rejects before any request', async (_label, ttlMs, kind, message) => {
    const network = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', network);
    const { cache } = memoryCache();
    await expect(cache.fetch('https://app.test/api/a', { ttlMs: ttlMs as number })).rejects.toThrow(kind);
    await expect(cache.fetch('https://app.test/api/a', { ttlMs: ttlMs as number })).rejects.toThrow(message);
    expect(network).not.toHaveBeenCalled();
  });

  test('ttlMs Infinity is accepted by createCache, set and fetch, and never expires', async () => {
    const { cache, advance } = memoryCache({ ttlMs: Infinity });
    await cache.set('default', 1);
    await cache.set('explicit', 2, { ttlMs: Infinity });
    advance(1e15);
    expect(await cache.get('default')).toBe(1);
    expect(await cache.get('explicit')).toBe(2);
    vi.stubGlobal('fetch', async () => new Response('{"a":1}', { status: 200 }));
    const response = await cache.fetch('https://app.test/api/a', { ttlMs: Infinity });
    expect(await response.json()).toEqual({ a: 1 });
  });
});

describe('MemoryLru', () => {
  test.each(refused)('new MemoryLru({ ttlMs: %s }) throws', (_label, ttlMs, kind, message) => {
    const make = () => new MemoryLru({ maxEntries: 1, ttlMs: ttlMs as number });
    expect(make).toThrow(kind);
    expect(make).toThrow(message);
  });

  test.each(refused)('lru.set(k, v, { ttlMs: %s }) throws and changes nothing', (_label, ttlMs, kind, message) => {
    const lru = new MemoryLru({ maxEntries: 2 });
    expect(() => lru.set('k', 1, { ttlMs: ttlMs as number })).toThrow(kind);
    expect(() => lru.set('k', 1, { ttlMs: ttlMs as number })).toThrow(message);
    expect(lru.size).toBe(0);
  });

  test('ttlMs Infinity is accepted by the constructor and by set, and never expires', () => {
    let now = 0;
    const lru = new MemoryLru({ maxEntries: 2, ttlMs: Infinity, now: () => now });
    lru.set('default', 1);
    lru.set('explicit', 2, { ttlMs: Infinity });
    now = 1e15;
    expect([lru.get('default'), lru.get('explicit')]).toEqual([1, 2]);
  });
});

describe('serveCache routes', () => {
  test.each(refused)('a route with ttlMs %s is refused, naming the route', (_label, ttlMs, kind, message) => {
    const routes = [{ match: '/api/', strategy: 'cache-first', ttlMs }];
    expect(() => validateRoutes(routes)).toThrow(kind);
    expect(() => validateRoutes(routes)).toThrow(new RegExp(`^routes\\[0\\]\\.${message.source}`));
    expect(() => serveCache({ routes: routes as never })).toThrow(kind);
  });

  test('a route with ttlMs Infinity passes validation (serveCache stops only at the environment check)', () => {
    const routes = [{ match: '/api/', strategy: 'cache-first' as const, ttlMs: Infinity }];
    expect(validateRoutes(routes)[0]?.ttlMs).toBe(Infinity);
    expect(() => serveCache({ routes })).toThrow(/must be called in a service worker/);
  });
});

describe('the wire protocol (a set entry from a page)', () => {
  const value = { kind: 'json', bytes: new Uint8Array([49]) };
  const setMessage = (ttlMs: unknown) => ({ tiercache: 1, id: 3, name: 'c', op: 'set', args: [{ key: 'k', value, ttlMs }] });

  test.each(refused)('ttlMs %s is a protocol error naming the entry', (_label, ttlMs, _kind, message) => {
    const parsed = parseRequest(setMessage(ttlMs));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(new RegExp(`^args\\[0\\]\\.${message.source}`));
    const many = parseRequest({ tiercache: 1, id: 4, name: 'c', op: 'setMany', args: [[{ key: 'a', value }, { key: 'b', value, ttlMs }]] });
    expect(many.ok ? '' : many.message).toMatch(/^args\[0\]\[1\]\.ttlMs must be/);
  });

  test('ttlMs Infinity is accepted and reaches the disk tier as "never expires" (no ttlMs)', async () => {
    expect(parseRequest(setMessage(Infinity))).toMatchObject({ ok: true });
    const disk = new MapDisk('c');
    const set = vi.spyOn(disk, 'set');
    const server = new RpcServer(() => disk, [disk]);
    const reply = await server.handle(setMessage(Infinity));
    expect(reply).toMatchObject({ ok: true, result: true });
    expect(set).toHaveBeenCalledWith('k', expect.objectContaining({ kind: 'json' }), {});
    expect((await disk.get('k'))?.info.expiresAt).toBe(Infinity);
  });
});
