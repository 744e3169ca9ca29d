// The mock API's HTTP-caching endpoints (demo/httpApi.ts): headers from the query, versions
// bumped by unsafe methods, 304s for If-None-Match / If-Modified-Since, the per-name log, the
// fail switch and overrides, over real HTTP.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockApiMiddleware } from '../../demo/api.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  const middleware = createMockApiMiddleware();
  server = createServer((req, res) => middleware(req, res, () => res.end('next')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let seq = 0;
const unique = (label: string) => `${label}-${++seq}-${Date.now()}`;
const get = (path: string, init?: RequestInit) => fetch(base + path, init);
const log = async (name: string) => (await get(`/api/http-log?name=${name}`)).json();
const command = (name: string, body: unknown) =>
  get(`/api/http-log?name=${name}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

describe('/api/http/<name>', () => {
  test('query parameters become the response headers; integers in expires/date/lm are seconds from now', async () => {
    const name = unique('headers');
    const before = Math.floor(Date.now() / 1000) * 1000;
    const r = await get(`/api/http/${name}?cc=max-age%3D60&expires=120&date=-10&age=5&etag=abc&lm=-3600&vary=Accept-Language&bytes=500`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('max-age=60');
    expect(r.headers.get('age')).toBe('5');
    expect(r.headers.get('vary')).toBe('Accept-Language');
    expect(r.headers.get('etag')).toBe('"abc-v1"');
    expect(r.headers.get('x-server-count')).toBe('1');
    const date = Date.parse(r.headers.get('date')!);
    // Second resolution, and the server's clock read a little later than `before`.
    expect(date - before).toBeGreaterThanOrEqual(-10_000);
    expect(date - before).toBeLessThanOrEqual(-5_000);
    expect(Date.parse(r.headers.get('expires')!) - date).toBeGreaterThanOrEqual(129_000);
    const lastModified = Date.parse(r.headers.get('last-modified')!) - before;
    expect(lastModified).toBeGreaterThanOrEqual(-3_600_000);
    expect(lastModified).toBeLessThanOrEqual(-3_595_000);
    const text = await r.text();
    expect(text.length).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ name, version: 1, full: 1, echo: { 'accept-language': '*' } }); // undici sends Accept-Language: *
  });

  test('date=none sends no Date; non-integer values are sent as given; status sets the status', async () => {
    const name = unique('raw');
    const r = await get(`/api/http/${name}?date=none&expires=junk&status=503`);
    expect(r.status).toBe(503);
    expect(r.headers.get('date')).toBeNull();
    expect(r.headers.get('expires')).toBe('junk');
  });

  test('If-None-Match with the current ETag is a 304 with the headers and no body; counted', async () => {
    const name = unique('inm');
    const path = `/api/http/${name}?etag=t&cc=max-age%3D5`;
    const etag = (await get(path)).headers.get('etag')!;
    const r = await get(path, { headers: { 'If-None-Match': `W/${etag}` } });
    expect(r.status).toBe(304);
    expect(r.headers.get('etag')).toBe(etag);
    expect(r.headers.get('cache-control')).toBe('max-age=5');
    expect(await r.text()).toBe('');
    expect((await get(path, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    expect(await log(name)).toMatchObject({ requests: 3, conditional: 2, notModified: 1, full: 2, lastIfNoneMatch: '"other"' });
  });

  test('If-Modified-Since is a 304 unless modified since; If-None-Match takes precedence', async () => {
    const name = unique('ims');
    const path = `/api/http/${name}?lm=-600&etag=e`;
    const lm = (await get(path)).headers.get('last-modified')!;
    expect((await get(path, { headers: { 'If-Modified-Since': lm } })).status).toBe(304);
    expect((await get(path, { headers: { 'If-Modified-Since': new Date(Date.parse(lm) - 1000).toUTCString() } })).status).toBe(200);
    expect((await get(path, { headers: { 'If-Modified-Since': lm, 'If-None-Match': '"nope"' } })).status).toBe(200);
  });

  test('POST, PUT, PATCH and DELETE bump the version (new ETag and Last-Modified) and answer with Location / Content-Location', async () => {
    const name = unique('unsafe');
    const path = `/api/http/${name}?etag=t&lm=-600&loc=%2Fapi%2Fhttp%2Fa&cloc=%2Fapi%2Fhttp%2Fb`;
    const first = await get(path);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await get(path, { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(r.status).toBe(200);
      expect(r.headers.get('location')).toBe('/api/http/a');
      expect(r.headers.get('content-location')).toBe('/api/http/b');
    }
    const after = await get(path, { headers: { 'If-None-Match': first.headers.get('etag')!, 'If-Modified-Since': first.headers.get('last-modified')! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toBe('"t-v5"');
    expect((await after.json()).version).toBe(5);
    expect(await log(name)).toMatchObject({ unsafe: 4, version: 5 });
    // A failed unsafe request changes nothing.
    await get(`/api/http/${name}?ustatus=500`, { method: 'POST' });
    expect((await log(name)).version).toBe(5);
  });

  test('/api/http-strict/<name> is the same resource', async () => {
    const name = unique('strict');
    await get(`/api/http/${name}`);
    const r = await get(`/api/http-strict/${name}`);
    expect(r.headers.get('x-server-count')).toBe('2');
  });
});

describe('/api/http-log', () => {
  test('fail: network destroys the socket, 500 answers 500; both counted; null answers again', async () => {
    const name = unique('fail');
    await command(name, { fail: 'network' });
    await expect(get(`/api/http/${name}`)).rejects.toThrow();
    await command(name, { fail: '500' });
    expect((await get(`/api/http/${name}`)).status).toBe(500);
    await command(name, { fail: null });
    expect((await get(`/api/http/${name}`)).status).toBe(200);
    expect(await log(name)).toMatchObject({ requests: 3, full: 1 });
  });

  test('override replaces query parameters for later requests; reset clears everything', async () => {
    const name = unique('override');
    await command(name, { override: { cc: 'no-store', etag: 'o' } });
    const r = await get(`/api/http/${name}?cc=max-age%3D60`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('etag')).toBe('"o-v1"');
    expect(await command(name, { reset: true })).toMatchObject({ requests: 0, full: 0, version: 1, fail: null });
    expect((await get(`/api/http/${name}?cc=max-age%3D60`)).headers.get('cache-control')).toBe('max-age=60');
  });

  test('bad commands are 400', async () => {
    expect((await get('/api/http-log')).status).toBe(400);
    expect((await get('/api/http-log?name=x', { method: 'POST', body: '{"fail":"maybe"}' })).status).toBe(400);
    expect((await get('/api/http-log?name=x', { method: 'POST', body: '{"override":{"nope":"1"}}' })).status).toBe(400);
  });
});
