// The demo's mock API (demo/api.ts): deterministic bodies, realistic shapes and sizes, and
// each special endpoint's headers, driven over real HTTP (the middleware on a node server) and
// through real Vite dev and preview servers (the plugin's registration).
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer as createViteServer, preview } from 'vite';
import { createMockApiMiddleware, mockApi, type MockApiOptions } from '../../demo/api.ts';

const servers: Server[] = [];

async function serve(options?: MockApiOptions): Promise<string> {
  const middleware = createMockApiMiddleware(options);
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      res.statusCode = 418;
      res.end('not the api');
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

let base = '';
beforeAll(async () => {
  base = await serve();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const get = (path: string, init?: RequestInit) => fetch(base + path, init);
async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

describe('determinism', () => {
  test('the same URL yields the same body and ETag, from another server instance too', async () => {
    const other = await serve();
    for (const path of ['/api/products?page=3&size=10', '/api/products/42', '/api/users/7', '/api/feed?page=2', '/api/bytes/a?n=1000']) {
      const [a, b] = await Promise.all([get(path), fetch(other + path)]);
      expect(a.status, path).toBe(200);
      expect(a.headers.get('etag'), path).toBe(b.headers.get('etag'));
      expect(await bytesOf(a), path).toEqual(await bytesOf(b));
    }
  });

  test('a different seed yields different bodies; different ids differ too', async () => {
    const seeded = await serve({ seed: 'other' });
    const [a, b, c] = await Promise.all([get('/api/products/1'), fetch(seeded + '/api/products/1'), get('/api/products/2')]);
    const [ta, tb, tc] = await Promise.all([a.text(), b.text(), c.text()]);
    expect(ta).not.toBe(tb);
    expect(ta).not.toBe(tc);
  });
});

describe('shapes and sizes', () => {
  test('JSON says Vary: Accept-Encoding, the varying endpoints their own headers (never Vite\'s `Vary: Origin`)', async () => {
    const server = await createViteServer({ configFile: false, logLevel: 'silent', plugins: [mockApi()], server: { port: 0, host: '127.0.0.1' } });
    try {
      await server.listen();
      const url = server.resolvedUrls?.local[0] ?? '';
      expect((await fetch(new URL('/api/products/1', url))).headers.get('vary')).toBe('Accept-Encoding');
      expect((await fetch(new URL('/api/vary', url))).headers.get('vary')).toBe('Accept-Language');
    } finally {
      await server.close();
    }
  });

  test('JSON responses carry Content-Type, Date and ETag', async () => {
    const response = await get('/api/users/1');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number.isNaN(Date.parse(response.headers.get('date') ?? ''))).toBe(false);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{8}-[0-9a-f]+"$/);
  });

  test('product lists have `size` items (default 20), consecutive ids, 1–100 KB', async () => {
    const one = await get('/api/products?page=1&size=1');
    const oneText = await one.text();
    const list = (await (await get('/api/products?page=2')).json()) as { page: number; size: number; items: { id: number; name: string; price: { amount: number } }[] };
    const big = await (await get('/api/products?page=1&size=100')).text();
    expect(list.items).toHaveLength(20);
    expect(list.items.map((item) => item.id)).toEqual(Array.from({ length: 20 }, (_, i) => 21 + i));
    expect(typeof list.items[0]?.name).toBe('string');
    expect(list.items[0]?.price.amount).toBeGreaterThan(0);
    expect(oneText.length).toBeGreaterThanOrEqual(1000);
    expect(big.length).toBeGreaterThan(50_000);
    expect(big.length).toBeLessThanOrEqual(100 * 1024);
  });

  test('product details are 2–8 KB and extend the list summary', async () => {
    for (let id = 1; id <= 40; id++) {
      const text = await (await get(`/api/products/${id}`)).text();
      expect(text.length, `product ${id}`).toBeGreaterThanOrEqual(2 * 1024);
      expect(text.length, `product ${id}`).toBeLessThanOrEqual(8 * 1024);
    }
    const detail = (await (await get('/api/products/5')).json()) as { id: number; sku: string; reviews: unknown[] };
    const list = (await (await get('/api/products?page=1&size=5')).json()) as { items: { id: number; sku: string }[] };
    expect(detail.id).toBe(5);
    expect(detail.sku).toBe(list.items[4]?.sku);
    expect(detail.reviews.length).toBeGreaterThan(0);
  });

  test('users and feed pages have their fields; feed items carry text', async () => {
    const u = (await (await get('/api/users/abc')).json()) as { id: string; name: string; email: string };
    expect(u.id).toBe('abc');
    expect(u.email).toContain('@example.com');
    const feed = (await (await get('/api/feed?page=3')).json()) as { page: number; items: { id: number; text: string }[]; next: string };
    expect(feed.page).toBe(3);
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]?.id).toBe(41);
    expect(feed.items.every((item) => item.text.length > 20)).toBe(true);
    expect(feed.next).toBe('/api/feed?page=4');
  });

  test('bytes are n incompressible octets (default 64 KiB), deterministic per id', async () => {
    const response = await get('/api/bytes/x?n=50000');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = await bytesOf(response);
    expect(bytes.length).toBe(50_000);
    expect(deflateSync(bytes).length).toBeGreaterThanOrEqual(50_000);
    expect((await bytesOf(await get('/api/bytes/x'))).length).toBe(64 * 1024);
    expect(await bytesOf(await get('/api/bytes/y?n=50000'))).not.toEqual(bytes);
  });
});

describe('special endpoints', () => {
  test('no-store, Vary: * and Vary: Accept-Language carry their headers; /api/vary depends on the language', async () => {
    expect((await get('/api/no-store')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/api/vary-star')).headers.get('vary')).toBe('*');
    const fr = await get('/api/vary', { headers: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });
    const de = await get('/api/vary', { headers: { 'Accept-Language': 'de' } });
    expect(fr.headers.get('vary')).toBe('Accept-Language');
    expect(await fr.json()).toEqual({ lang: 'fr', greeting: 'Bonjour' });
    expect(await de.json()).toEqual({ lang: 'de', greeting: 'Hallo' });
  });

  test('private is 401 without a bearer token; with one it names a user derived from the token, never the token', async () => {
    const denied = await get('/api/private');
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: string }).error).toBe('unauthorized');
    const a = await get('/api/private', { headers: { Authorization: 'Bearer token-alice' } });
    const a2 = await get('/api/private', { headers: { Authorization: 'Bearer token-alice' } });
    const b = await get('/api/private', { headers: { Authorization: 'Bearer token-bob-2' } });
    const textA = await a.text();
    expect(a.status).toBe(200);
    expect(textA).not.toContain('token-alice');
    expect(JSON.parse(textA).user.name).toBe(((await a2.json()) as { user: { name: string } }).user.name);
    expect(JSON.parse(textA).user.id).not.toBe(((await b.json()) as { user: { id: string } }).user.id);
  });

  test('status/:code answers with that code and a JSON body; out-of-range codes are 400', async () => {
    for (const code of [200, 404, 500, 503]) {
      const response = await get(`/api/status/${code}`);
      expect(response.status).toBe(code);
      expect(await response.json()).toEqual({ status: code, message: `mock status ${code}` });
    }
    expect((await get('/api/status/204')).status).toBe(204);
    expect((await get('/api/status/99')).status).toBe(400);
    expect((await get('/api/status/600')).status).toBe(400);
  });

  test('headers carries X-Internal-Token, ETag, Last-Modified and Cache-Control: max-age=60', async () => {
    const response = await get('/api/headers');
    expect(response.headers.get('x-internal-token')).toBe('secret-internal-token');
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.headers.get('last-modified')).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(response.headers.get('cache-control')).toBe('max-age=60');
  });

  test('counter counts every request per name, server-side, with Cache-Control: no-cache', async () => {
    const first = await get('/api/counter/c1');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(await first.json()).toEqual({ name: 'c1', count: 1 });
    expect(await (await get('/api/counter/c1')).json()).toEqual({ name: 'c1', count: 2 });
    expect(await (await get('/api/counter/c2')).json()).toEqual({ name: 'c2', count: 1 });
  });

  test('abort is a network error: the socket closes without a response', async () => {
    await expect(get('/api/abort')).rejects.toThrow(TypeError);
  });

  test('slow answers after the requested delay with its JSON', async () => {
    const response = await get('/api/slow?ms=20');
    expect(await response.json()).toEqual({ slow: true, ms: 20 });
  });

  test('If-None-Match with the current ETag is a 304 without a body', async () => {
    const etag = (await get('/api/products/9')).headers.get('etag') ?? '';
    const response = await get('/api/products/9', { headers: { 'If-None-Match': etag } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
  });
});

describe('latency', () => {
  test('_config reads and sets the default latency; invalid values are 400 and change nothing', async () => {
    const own = await serve({ latencyMs: 5 });
    expect(await (await fetch(own + '/api/_config')).json()).toEqual({ latencyMs: 5 });
    const set = await fetch(own + '/api/_config', { method: 'POST', body: JSON.stringify({ latencyMs: 0 }) });
    expect(await set.json()).toEqual({ latencyMs: 0 });
    expect((await fetch(own + '/api/_config', { method: 'POST', body: JSON.stringify({ latencyMs: -1 }) })).status).toBe(400);
    expect((await fetch(own + '/api/_config', { method: 'POST', body: '{nope' })).status).toBe(400);
    expect(await (await fetch(own + '/api/_config')).json()).toEqual({ latencyMs: 0 });
  });

  test('?latency= holds a response back: a later request without it answers first', async () => {
    const held = new AbortController();
    let heldSettled = false;
    const slow = get('/api/users/1?latency=60000', { signal: held.signal }).then(
      () => (heldSettled = true),
      () => (heldSettled = true),
    );
    expect((await get('/api/users/2')).status).toBe(200);
    expect(heldSettled).toBe(false);
    held.abort();
    await slow;
  });

  test('a default latency from _config holds responses back until set to 0', async () => {
    const own = await serve();
    await fetch(own + '/api/_config', { method: 'POST', body: JSON.stringify({ latencyMs: 60000 }) });
    const held = new AbortController();
    let heldSettled = false;
    const slow = fetch(own + '/api/users/1', { signal: held.signal }).then(
      () => (heldSettled = true),
      () => (heldSettled = true),
    );
    // ?latency=0 overrides the default for one request.
    expect((await fetch(own + '/api/users/2?latency=0')).status).toBe(200);
    expect(heldSettled).toBe(false);
    held.abort();
    await slow;
  });

  test('options are validated', () => {
    expect(() => createMockApiMiddleware({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => createMockApiMiddleware({ latencyMs: 1.5 })).toThrow(RangeError);
  });
});

describe('errors and routing', () => {
  test('bad parameters are 400, unknown endpoints 404, other methods 405, all JSON', async () => {
    const cases: [string, number, RequestInit?][] = [
      ['/api/products?size=0', 400],
      ['/api/products?size=101', 400],
      ['/api/products?page=x', 400],
      ['/api/bytes/a?n=-1', 400],
      ['/api/nope', 404],
      ['/api/products/abc', 404],
      ['/api/users/1/extra', 404],
      ['/api/products', 405, { method: 'DELETE' }],
    ];
    for (const [path, status, init] of cases) {
      const response = await get(path, init);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(((await response.json()) as { status: number }).status, path).toBe(status);
    }
  });

  test('paths outside /api/ are passed to the next handler', async () => {
    const response = await get('/index.html');
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('not the api');
  });
});

describe('the Vite plugin', () => {
  test('serves the API from a dev server (configureServer)', async () => {
    const server = await createViteServer({ configFile: false, logLevel: 'silent', plugins: [mockApi()], server: { port: 0, host: '127.0.0.1' } });
    try {
      await server.listen();
      const url = server.resolvedUrls?.local[0] ?? '';
      const response = await fetch(new URL('/api/products/1', url));
      expect(response.status).toBe(200);
      expect(((await response.json()) as { id: number }).id).toBe(1);
    } finally {
      await server.close();
    }
  });

  test('serves the API from a preview server (configurePreviewServer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiercache-preview-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const server = await preview({ configFile: false, root: dir, logLevel: 'silent', plugins: [mockApi()], build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1' } });
    try {
      const url = server.resolvedUrls?.local[0] ?? '';
      const response = await fetch(new URL('/api/counter/preview', url));
      expect(await response.json()).toEqual({ name: 'preview', count: 1 });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
