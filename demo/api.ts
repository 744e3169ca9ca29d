// The demo's mock API: a Vite plugin answering /api/* in both `vite` (dev) and `vite preview`,
// so `npm start` needs no other server. Bodies are deterministic (a PRNG seeded from the seed
// option and the resource), so the same URL always yields the same bytes and the same ETag;
// only `Date`, the counter and the latency change between runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { createHttpEndpoints } from './httpApi.ts';

export interface MockApiOptions {
  /** Seeds every generated body. Default 'tiercache'. */
  seed?: string;
  /** Latency added to every response unless the request says `?latency=`. Default 0. */
  latencyMs?: number;
  /** Path prefix served. Default '/api/'. */
  prefix?: string;
}

/** Longest delay accepted from `?latency=`, `?ms=` or `_config`: a runaway value would hang tests. */
export const MAX_DELAY_MS = 60_000;
/** Largest body `/api/bytes/:id?n=` produces. */
export const MAX_BYTES = 16 << 20;
const MAX_PAGE_SIZE = 100;

// ---- deterministic generation ---------------------------------------------------------------

/** FNV-1a, 32 bits: seeds the PRNG from a string and names bodies in ETags. */
export function hash32(text: string | Uint8Array): number {
  let h = 0x811c9dc5;
  if (typeof text === 'string') {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      h ^= text[i]!;
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const WORDS =
  'cache tier memory disk budget quota evict fresh stale worker offline browser page record bytes compress deflate index store network request response header latency sync tab channel window entry value key limit fill trim clear persist estimate lamp chair table desk shelf mug kettle jacket boot scarf river mountain forest harbour city garden morning evening quiet bright gentle rapid careful simple modern classic sturdy light warm cool soft crisp'.split(
    ' ',
  );
const FIRST = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'Donald', 'Radia', 'Ken', 'Margaret', 'Linus', 'Sophie', 'Tim', 'Hedy', 'John', 'Karen'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Liskov', 'Dijkstra', 'Allen', 'Knuth', 'Perlman', 'Thompson', 'Hamilton', 'Torvalds', 'Wilson', 'Berners-Lee', 'Lamarr', 'Backus', 'Jones'];
const CATEGORIES = ['kitchen', 'outdoor', 'office', 'garden', 'lighting', 'apparel', 'books', 'audio', 'toys', 'sports'];
const COLOURS = ['slate', 'sand', 'forest', 'ochre', 'navy', 'rust', 'ivory', 'charcoal'];
const CITIES = ['Lisbon', 'Oslo', 'Kyoto', 'Austin', 'Nairobi', 'Lyon', 'Tartu', 'Porto', 'Leeds', 'Quito'];
const EPOCH = Date.UTC(2026, 0, 1);

function words(r: Rng, min: number, max: number): string {
  const n = r.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.pick(WORDS));
  return out.join(' ');
}
function sentence(r: Rng): string {
  const text = words(r, 6, 16);
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
function paragraph(r: Rng, min: number, max: number): string {
  const n = r.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(r));
  return out.join(' ');
}
const isoDate = (r: Rng): string => new Date(EPOCH - r.int(0, 365 * 86_400) * 1000).toISOString();

function productSummary(seed: string, id: number) {
  const r = prng(hash32(`${seed}:product:${id}`));
  const name = `${r.pick(COLOURS)} ${words(r, 1, 2)} ${r.pick(['lamp', 'chair', 'mug', 'jacket', 'kettle', 'shelf', 'boot', 'scarf'])}`;
  const item = {
    id,
    sku: `TC-${(hash32(`${seed}:sku:${id}`) % 1_000_000).toString().padStart(6, '0')}`,
    name: name.charAt(0).toUpperCase() + name.slice(1),
    category: r.pick(CATEGORIES),
    price: { amount: r.int(199, 49_999) / 100, currency: 'EUR' },
    rating: { average: r.int(10, 50) / 10, count: r.int(0, 4_000) },
    stock: r.int(0, 250),
    tags: Array.from({ length: r.int(2, 6) }, () => r.pick(WORDS)),
    colours: Array.from({ length: r.int(1, 4) }, () => r.pick(COLOURS)),
    thumbnail: `/img/products/${id}/thumb-${r.int(1, 9)}.webp`,
    summary: '',
    updatedAt: isoDate(r),
  };
  // Summaries are grown to 960–1010 bytes of JSON, so a list of `size` items is about `size` KB.
  return grow(item, 'summary', r, r.int(960, 1010));
}

/** Appends sentences to `item[field]` until the item's JSON reaches `target` characters (±1 sentence, then cut). */
function grow<T extends Record<string, unknown>>(item: T, field: keyof T & string, r: Rng, target: number): T {
  let text = '';
  const base = JSON.stringify(item).length;
  while (base + text.length < target) text += (text ? ' ' : '') + sentence(r);
  const excess = base + text.length - target;
  if (excess > 0) text = text.slice(0, text.length - excess).replace(/[.\s]+$/, '') + '.';
  return { ...item, [field]: text };
}

function productDetail(seed: string, id: number) {
  const r = prng(hash32(`${seed}:product-detail:${id}`));
  const detail = {
    ...productSummary(seed, id),
    description: '',
    dimensions: { widthCm: r.int(5, 200), heightCm: r.int(5, 200), depthCm: r.int(5, 120), weightG: r.int(50, 40_000) },
    images: Array.from({ length: r.int(2, 6) }, (_, i) => ({ url: `/img/products/${id}/${i + 1}.webp`, alt: words(r, 3, 7) })),
    attributes: Object.fromEntries(Array.from({ length: r.int(3, 8) }, () => [r.pick(WORDS), words(r, 1, 3)])),
    reviews: Array.from({ length: r.int(1, 5) }, () => ({
      author: `${r.pick(FIRST)} ${r.pick(LAST)}`,
      stars: r.int(1, 5),
      title: words(r, 2, 6),
      body: paragraph(r, 1, 4),
      createdAt: isoDate(r),
    })),
    related: Array.from({ length: r.int(2, 6) }, () => r.int(1, 10_000)),
  };
  // Details are 2.1–7.9 KB of JSON whatever the reviews drew: the description fills the rest.
  return grow(detail, 'description', r, Math.max(r.int(2150, 7900), JSON.stringify(detail).length + 200));
}

function user(seed: string, id: string) {
  const r = prng(hash32(`${seed}:user:${id}`));
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  return {
    id,
    name: `${first} ${last}`,
    handle: `@${first.toLowerCase()}${r.int(1, 999)}`,
    email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@example.com`,
    city: r.pick(CITIES),
    joinedAt: isoDate(r),
    bio: paragraph(r, 2, 5),
    followers: r.int(0, 90_000),
    following: r.int(0, 2_000),
    interests: Array.from({ length: r.int(2, 6) }, () => r.pick(CATEGORIES)),
  };
}

function feedPage(seed: string, page: number) {
  const r = prng(hash32(`${seed}:feed:${page}`));
  const items = Array.from({ length: 20 }, (_, i) => {
    const id = (page - 1) * 20 + i + 1;
    return {
      id,
      author: { id: String(r.int(1, 500)), name: `${r.pick(FIRST)} ${r.pick(LAST)}` },
      text: paragraph(r, 1, 5),
      likes: r.int(0, 5_000),
      replies: r.int(0, 300),
      postedAt: isoDate(r),
      mentions: Array.from({ length: r.int(0, 3) }, () => r.int(1, 10_000)),
    };
  });
  return { page, pageSize: 20, next: page < 500 ? `/api/feed?page=${page + 1}` : null, items };
}

/** `n` bytes from the PRNG: deflate cannot shrink them (the compression-skip case). */
export function incompressibleBytes(seed: string, id: string, n: number): Uint8Array {
  const r = prng(hash32(`${seed}:bytes:${id}`));
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let i = 0;
  for (; i + 4 <= n; i += 4) view.setUint32(i, Math.floor(r.next() * 4294967296));
  for (; i < n; i++) out[i] = Math.floor(r.next() * 256);
  return out;
}

const GREETINGS: Record<string, string> = { en: 'Hello', fr: 'Bonjour', de: 'Hallo', es: 'Hola', pt: 'Olá', ja: 'こんにちは' };

// ---- HTTP -----------------------------------------------------------------------------------

type Req = IncomingMessage;
type Res = ServerResponse;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A non-negative integer query parameter within [min, max], or the fallback when absent. */
function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `${name} must be an integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw new HttpError(400, `${name} must be within [${min}, ${max}], got ${value}`);
  return value;
}

const etagOf = (body: Uint8Array): string => `"${hash32(body).toString(16).padStart(8, '0')}-${body.length.toString(16)}"`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of JSON. */
  bytes?: Uint8Array;
}

function send(req: Req, res: Res, reply: Reply): void {
  const status = reply.status ?? 200;
  const noBody = status === 204 || status === 304;
  const bytes = noBody ? new Uint8Array(0) : (reply.bytes ?? new TextEncoder().encode(JSON.stringify(reply.body)));
  const etag = etagOf(bytes);
  res.statusCode = status;
  res.setHeader('Date', new Date().toUTCString());
  if (!noBody) {
    res.setHeader('Content-Type', reply.bytes ? 'application/octet-stream' : 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('ETag', etag);
  }
  // Vite's CORS middleware adds `Vary: Origin` to every response; this API does not do CORS. It
  // sends `Vary: Accept-Encoding` on JSON, as servers that compress responses do, and the
  // endpoints that vary otherwise (/api/vary, /api/vary-star) say so.
  res.removeHeader('Vary');
  if (!noBody && !reply.bytes) res.setHeader('Vary', 'Accept-Encoding');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  // Revalidation: a matching If-None-Match gets 304 without a body (only for 200s).
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.removeHeader('Content-Length');
    res.removeHeader('Content-Type');
    res.end();
    return;
  }
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

async function readJson(req: Req): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 << 10) throw new HttpError(413, 'body larger than 64 KiB');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

/**
 * The mock API as Connect middleware: requests under `prefix` are answered, others passed on.
 * Exposed for tests and for apps that mount it on their own server.
 */
export function createMockApiMiddleware(options: MockApiOptions = {}): Connect.NextHandleFunction {
  const seed = options.seed ?? 'tiercache';
  const prefix = options.prefix ?? '/api/';
  let latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_DELAY_MS) {
    throw new RangeError(`mockApi: latencyMs must be an integer within [0, ${MAX_DELAY_MS}], got ${String(options.latencyMs)}`);
  }
  const counters = new Map<string, number>();
  const httpEndpoints = createHttpEndpoints();

  async function route(req: Req, res: Res, path: string, params: URLSearchParams): Promise<Reply | 'handled'> {
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [head, arg, ...rest] = parts;
    if (rest.length > 0) throw new HttpError(404, `no such endpoint: ${path}`);

    if (head === '_config') {
      if (method === 'POST') {
        const body = (await readJson(req)) as { latencyMs?: unknown } | null;
        const value = body?.latencyMs;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
          throw new HttpError(400, `latencyMs must be an integer within [0, ${MAX_DELAY_MS}]`);
        }
        latencyMs = value;
        return { body: { latencyMs }, headers: { 'Cache-Control': 'no-store' } };
      }
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed`);
      return { body: { latencyMs }, headers: { 'Cache-Control': 'no-store' } };
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed on ${path}`);

    switch (head) {
      case 'products': {
        if (arg !== undefined) {
          const id = Number(arg);
          if (!/^\d+$/.test(arg) || id < 1) throw new HttpError(404, `no product ${JSON.stringify(arg)}`);
          return { body: productDetail(seed, id) };
        }
        const page = intParam(params, 'page', 1, 1, 100_000);
        const size = intParam(params, 'size', 20, 1, MAX_PAGE_SIZE);
        const first = (page - 1) * size + 1;
        return {
          body: {
            page,
            size,
            total: 100_000 * MAX_PAGE_SIZE,
            items: Array.from({ length: size }, (_, i) => productSummary(seed, first + i)),
          },
        };
      }
      case 'users':
        if (arg === undefined || arg === '') throw new HttpError(404, 'a user id is required: /api/users/:id');
        return { body: user(seed, arg) };
      case 'feed':
        if (arg !== undefined) break;
        return { body: feedPage(seed, intParam(params, 'page', 1, 1, 100_000)) };
      case 'bytes': {
        if (arg === undefined || arg === '') throw new HttpError(404, 'an id is required: /api/bytes/:id');
        const n = intParam(params, 'n', 64 << 10, 0, MAX_BYTES);
        return { body: null, bytes: incompressibleBytes(seed, arg, n) };
      }
      case 'slow': {
        if (arg !== undefined) break;
        const ms = intParam(params, 'ms', 1000, 0, MAX_DELAY_MS);
        await sleep(ms);
        return { body: { slow: true, ms } };
      }
      case 'no-store':
        if (arg !== undefined) break;
        return { body: { note: 'this response must never be stored', at: new Date().toISOString() }, headers: { 'Cache-Control': 'no-store' } };
      case 'vary-star':
        if (arg !== undefined) break;
        return { body: { note: 'Vary: * makes this response uncacheable' }, headers: { Vary: '*' } };
      case 'vary': {
        if (arg !== undefined) break;
        const accept = String(req.headers['accept-language'] ?? 'en');
        const lang = accept.split(',')[0]!.split(';')[0]!.trim().slice(0, 2).toLowerCase() || 'en';
        const known = Object.hasOwn(GREETINGS, lang) ? lang : 'en';
        return { body: { lang: known, greeting: GREETINGS[known] }, headers: { Vary: 'Accept-Language', 'Content-Language': known } };
      }
      case 'private': {
        if (arg !== undefined) break;
        const match = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
        if (!match) {
          return { status: 401, body: { error: 'unauthorized', message: 'send Authorization: Bearer <token>' }, headers: { 'WWW-Authenticate': 'Bearer' } };
        }
        // The user is derived from the token, never echoed: a leaked cache entry must not reveal it.
        const id = String((hash32(`${seed}:token:${match[1]}`) % 500) + 1);
        return { body: { user: user(seed, id), scope: 'private' }, headers: { 'Cache-Control': 'private' } };
      }
      case 'status': {
        const code = Number(arg);
        if (arg === undefined || !/^\d{3}$/.test(arg) || code < 200 || code > 599) {
          throw new HttpError(400, `status must be a code within [200, 599], got ${JSON.stringify(arg ?? '')}`);
        }
        return { status: code, body: { status: code, message: `mock status ${code}` } };
      }
      case 'headers':
        if (arg !== undefined) break;
        return {
          body: { note: 'carries end-to-end headers an API sends (Link, X-Total-Count) and X-Internal-Token, which a route may decline to store' },
          headers: {
            'X-Internal-Token': 'secret-internal-token',
            Link: '</api/headers?page=2>; rel="next"',
            'X-Total-Count': '240',
            'Last-Modified': new Date(EPOCH).toUTCString(),
            'Cache-Control': 'max-age=60',
          },
        };
      case 'counter': {
        if (arg === undefined || arg === '') throw new HttpError(404, 'a name is required: /api/counter/:name');
        const count = (counters.get(arg) ?? 0) + 1;
        counters.set(arg, count);
        return { body: { name: arg, count }, headers: { 'Cache-Control': 'no-cache' } };
      }
      case 'abort':
        if (arg !== undefined) break;
        req.socket.destroy();
        return 'handled';
    }
    throw new HttpError(404, `no such endpoint: ${path}`);
  }

  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    if (!url.pathname.startsWith(prefix)) {
      next();
      return;
    }
    const path = url.pathname.slice(prefix.length - 1);
    const handle = async (): Promise<void> => {
      const delay = intParam(url.searchParams, 'latency', latencyMs, 0, MAX_DELAY_MS);
      if (delay > 0) await sleep(delay);
      if (httpEndpoints(req, res, path, url)) return;
      const reply = await route(req, res, path, url.searchParams);
      if (reply !== 'handled') send(req, res, reply);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      send(req, res, { status, body: { error: status === 500 ? 'internal' : 'bad-request', status, message }, headers: { 'Cache-Control': 'no-store' } });
    });
  };
}

/** The mock API as a Vite plugin: the same middleware in `vite` and `vite preview`. */
export function mockApi(options: MockApiOptions = {}): Plugin {
  const middleware = createMockApiMiddleware(options);
  return {
    name: 'tiercache-mock-api',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
