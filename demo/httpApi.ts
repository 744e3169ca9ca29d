// The mock API's HTTP-caching endpoints (issue 17), mounted by demo/api.ts:
//
//   /api/http/<name>?cc=&expires=&date=&age=&etag=&lm=&vary=&status=&bytes=&loc=&cloc=&ustatus=&delay=
//   (also /api/http-strict/<name>: the same resource, for a worker route with other options)
//     GET/HEAD answers with the headers the query names; POST/PUT/PATCH/DELETE bump the name's
//     version (a new body, ETag and Last-Modified) and may answer with Location / Content-Location.
//   /api/http-log?name=<name>
//     GET: what reached the server for that name (requests, conditional requests, 304s, full
//     bodies, unsafe requests); POST {reset?, fail?, override?}: reset the counters and state,
//     make the name fail ('network': the socket is destroyed, '500': an Internal Server Error,
//     null: answer again), or override query parameters for later requests (null clears).
//
// Query values: `cc`, `age`, `vary` are sent as given. `expires`, `date`, `lm` are seconds
// relative to the server's clock when they are integers (`expires=60`, `lm=-86400`), sent as
// given otherwise (`expires=0` is an integer: now; `expires=junk` an invalid date); `date=none`
// sends no Date. `etag=x` sends `"x-v<version>"` (`etag=W/x` a weak one), so a bump changes it.
// `status` (default 200) applies to GET, `ustatus` (default 200) to unsafe methods. `bytes`
// pads the JSON body to that size. `delay` holds a GET's answer that many ms (at most 10 s). Every answer carries `X-Server-Count` (requests so far).
//
// The body says which answer it was: `{ name, version, full, echo }`, where `full` counts the
// full bodies served for the name and `echo` holds the request's values of the headers in `vary`.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Req = IncomingMessage;
type Res = ServerResponse;

/** Largest body `bytes=` pads to. */
const MAX_HTTP_BYTES = 4 << 20;
const PARAMS = ['cc', 'expires', 'date', 'age', 'etag', 'lm', 'vary', 'status', 'bytes', 'loc', 'cloc', 'ustatus', 'delay'] as const;
type Param = (typeof PARAMS)[number];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface HttpLog {
  /** Every request for the name, failed ones included. */
  requests: number;
  /** Requests carrying If-None-Match or If-Modified-Since. */
  conditional: number;
  /** 304 answers. */
  notModified: number;
  /** Answers with a body (GET 2xx–5xx with the body). */
  full: number;
  /** POST / PUT / PATCH / DELETE requests. */
  unsafe: number;
  /** Bumped by each successful unsafe request. */
  version: number;
  /** Last request's conditional headers, for assertions on what the worker sent. */
  lastIfNoneMatch: string | null;
  lastIfModifiedSince: string | null;
  /** Last request's Cache-Control header, as the server saw it. */
  lastCacheControl: string | null;
  fail: 'network' | '500' | null;
}

interface NameState {
  log: HttpLog;
  /** Last-Modified, ms (second resolution), fixed at the first request, moved on by each bump. */
  lastModified?: number;
  override: Partial<Record<Param, string>>;
}

class BadRequest extends Error {}

const freshLog = (): HttpLog => ({
  requests: 0,
  conditional: 0,
  notModified: 0,
  full: 0,
  unsafe: 0,
  version: 1,
  lastIfNoneMatch: null,
  lastIfModifiedSince: null,
  lastCacheControl: null,
  fail: null,
});

const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** An integer is seconds from now (an HTTP date); anything else is sent as it came. */
function dateParam(value: string, now: number): string {
  return /^-?\d+$/.test(value) ? new Date(seconds(now) + Number(value) * 1000).toUTCString() : value;
}

function intOf(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new BadRequest(`${name} must be an integer within [${min}, ${max}], got ${JSON.stringify(value)}`);
  return n;
}

/** Weak comparison of an If-None-Match list against the current ETag (RFC 9110 13.1.2). */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

function json(res: Res, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

async function readBody(req: Req): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new BadRequest('body is not JSON');
  }
}

export function createHttpEndpoints() {
  const names = new Map<string, NameState>();
  const stateOf = (name: string): NameState => {
    let state = names.get(name);
    if (!state) names.set(name, (state = { log: freshLog(), override: {} }));
    return state;
  };

  /** The response headers the parameters describe (without the body's own). */
  function cacheHeaders(p: Partial<Record<Param, string>>, state: NameState, now: number): Record<string, string> {
    const h: Record<string, string> = {};
    if (p.cc !== undefined) h['Cache-Control'] = p.cc;
    if (p.expires !== undefined) h['Expires'] = dateParam(p.expires, now);
    if (p.date !== undefined && p.date !== 'none') h['Date'] = dateParam(p.date, now);
    if (p.age !== undefined) h['Age'] = p.age;
    if (p.vary !== undefined) h['Vary'] = p.vary;
    if (p.etag !== undefined) {
      const weak = p.etag.startsWith('W/');
      h['ETag'] = `${weak ? 'W/' : ''}"${weak ? p.etag.slice(2) : p.etag}-v${state.log.version}"`;
    }
    if (p.lm !== undefined) {
      state.lastModified ??= seconds(Date.parse(dateParam(p.lm, now)));
      h['Last-Modified'] = new Date(state.lastModified).toUTCString();
    }
    return h;
  }

  function body(name: string, state: NameState, req: Req, p: Partial<Record<Param, string>>): Buffer {
    const echo: Record<string, string | null> = {};
    for (const field of (p.vary ?? '').split(',').map((f) => f.trim().toLowerCase())) {
      if (field && field !== '*') echo[field] = (req.headers[field] as string | undefined) ?? null;
    }
    const base = { name, version: state.log.version, full: state.log.full, echo, pad: '' };
    const size = intOf(p.bytes, 'bytes', 0, 0, MAX_HTTP_BYTES);
    const bare = Buffer.byteLength(JSON.stringify(base));
    if (size > bare) base.pad = 'x'.repeat(size - bare);
    return Buffer.from(JSON.stringify(base));
  }

  function answerSafe(name: string, state: NameState, req: Req, res: Res, p: Partial<Record<Param, string>>): void {
    const now = Date.now();
    const status = intOf(p.status, 'status', 200, 200, 599);
    const headers = cacheHeaders(p, state, now);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (p.date === 'none') res.sendDate = false;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only without it, and only on GET/HEAD.
    let notModified = false;
    if (status === 200 && inm !== undefined) notModified = headers['ETag'] !== undefined && noneMatch(inm, headers['ETag']);
    else if (status === 200 && ims !== undefined && state.lastModified !== undefined && p.lm !== undefined) {
      const since = Date.parse(ims);
      notModified = Number.isFinite(since) && state.lastModified <= since;
    }
    if (notModified) {
      state.log.notModified++;
      res.statusCode = 304;
      res.end();
      return;
    }
    state.log.full++;
    const bytes = body(name, state, req, p);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(bytes.length));
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function answerUnsafe(name: string, state: NameState, res: Res, p: Partial<Record<Param, string>>): void {
    state.log.unsafe++;
    const status = intOf(p.ustatus, 'ustatus', 200, 200, 599);
    if (status < 400) {
      state.log.version++;
      state.lastModified = Math.max(seconds(Date.now()), (state.lastModified ?? 0) + 1000);
    }
    if (p.loc !== undefined) res.setHeader('Location', p.loc);
    if (p.cloc !== undefined) res.setHeader('Content-Location', p.cloc);
    json(res, status, { name, version: state.log.version });
  }

  async function serveName(req: Req, res: Res, name: string, url: URL): Promise<void> {
    const state = stateOf(name);
    const method = req.method ?? 'GET';
    state.log.requests++;
    const conditional = req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
    if (conditional) state.log.conditional++;
    state.log.lastIfNoneMatch = (req.headers['if-none-match'] as string | undefined) ?? null;
    state.log.lastIfModifiedSince = (req.headers['if-modified-since'] as string | undefined) ?? null;
    state.log.lastCacheControl = (req.headers['cache-control'] as string | undefined) ?? null;
    res.removeHeader('Vary'); // Vite's CORS middleware adds `Vary: Origin`; these answers vary as `vary=` says only
    res.setHeader('X-Server-Count', String(state.log.requests));
    if (state.log.fail === 'network') {
      req.socket.destroy();
      return;
    }
    if (state.log.fail === '500') {
      json(res, 500, { error: 'internal', name });
      return;
    }
    const p: Partial<Record<Param, string>> = {};
    for (const key of PARAMS) {
      const value = url.searchParams.get(key);
      if (value !== null) p[key] = value;
    }
    Object.assign(p, state.override);
    if (UNSAFE.has(method)) {
      for await (const _ of req as AsyncIterable<Buffer>) void _; // drain the request body
      answerUnsafe(name, state, res, p);
    } else if (method === 'GET' || method === 'HEAD') {
      const delay = Math.min(10_000, Number(p.delay) || 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      answerSafe(name, state, req, res, p);
    }
    else json(res, 405, { error: 'method', method });
  }

  async function serveLog(req: Req, res: Res, url: URL): Promise<void> {
    const name = url.searchParams.get('name');
    if (!name) throw new BadRequest('name is required: /api/http-log?name=');
    if (req.method === 'POST') {
      const command = (await readBody(req)) as { reset?: unknown; fail?: unknown; override?: unknown } | null;
      if (command?.reset === true) names.delete(name);
      const state = stateOf(name);
      if (command?.fail !== undefined) {
        if (command.fail !== null && command.fail !== 'network' && command.fail !== '500') throw new BadRequest("fail must be 'network', '500' or null");
        state.log.fail = command.fail;
      }
      if (command?.override !== undefined) {
        const override = command.override as Record<string, unknown> | null;
        if (override !== null && (typeof override !== 'object' || Object.entries(override).some(([k, v]) => !(PARAMS as readonly string[]).includes(k) || typeof v !== 'string'))) {
          throw new BadRequest(`override must map ${PARAMS.join(', ')} to strings, or be null`);
        }
        state.override = override === null ? {} : { ...state.override, ...(override as Record<string, string>) };
      }
    }
    json(res, 200, stateOf(name).log);
  }

  /** Answers `/api/http/<name>` and `/api/http-log`; false for any other path. */
  return function handle(req: Req, res: Res, path: string, url: URL): boolean {
    let work: Promise<void>;
    if (path === '/http-log') work = serveLog(req, res, url);
    else {
      // /api/http-strict/<name> is the same resource for the worker's `offline: 'fail'` route.
      const match = /^\/http(?:-strict)?\/([^/]+)$/.exec(path);
      if (!match) return false;
      work = serveName(req, res, decodeURIComponent(match[1]!), url);
    }
    work.catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      json(res, error instanceof BadRequest ? 400 : 500, { error: error instanceof Error ? error.message : String(error) });
    });
    return true;
  };
}
