// cache.fetch(): fetch() with a strategy. Fresh bodies of hot responses are answered from page
// memory; otherwise the request goes through the worker's route when a worker controls the page,
// or through the same strategy run in the page on its own DiskTier. Page memory holds only plain,
// credential-free GET responses, with the headers a disk record would keep.
import {
  ageSeconds,
  baseKey,
  BYPASS_HEADER,
  invalidatedUrls,
  nullBody,
  reheadable,
  requestNotCacheable,
  responseNotCacheable,
  storedHeaders,
  UNSAFE_METHODS,
  type NotCacheable,
} from '../http/cacheability.ts';
import { carryOptions } from '../http/carriedOptions.ts';
import { freshnessMs } from '../http/freshness.ts';
import { selectionOf } from '../http/variants.ts';
import { validateStrategyOptions, type StrategyOptions } from '../http/routes.ts';
import type { MemoryLruCore } from '../lru/MemoryLru.ts';
import type { ReadMarks } from '../readMarks.ts';
import type { Strategy } from '../types.ts';
import { loadDiskTier, type DiskLink } from './diskLink.ts';
import { isMemoryResponse, type MemoryResponse } from './memoryResponse.ts';
import { WorkerDisk } from './workerDisk.ts';

/** `cache.fetch` options: RequestInit plus the strategy options of a route. */
export interface CacheFetchInit extends RequestInit, Partial<Omit<StrategyOptions, 'strategy'>> {
  strategy?: Strategy;
}

/** Bound of the Vary hints: past it, the map starts over (a lost hint costs one miss in memory). */
const VARY_HINTS_MAX = 10_000;

/** What `cache.fetch` uses of its TierCache. */
export interface FetchContext {
  memory: MemoryLruCore<unknown>;
  /** Reads in flight by key: a response that another tab's change overlapped is returned, not kept. */
  inFlight: ReadMarks;
  link: DiskLink | undefined;
  /** The cache's name: its database holds the responses, in worker mode as in page mode. */
  name: string;
  /** The cache's default strategy. */
  strategy: Strategy;
  /** Base key → the Vary header last seen there (created on first use). */
  varyHints?: Map<string, string>;
  now: () => number;
  /** Set once the worker has opened this cache's database with the page's disk options (disk.encrypt among them). */
  opened?: Promise<unknown>;
  /** A stored response changed (page mode): tell the other tabs and the worker's hot copies. */
  onUpdate: (key: string, url: string) => void;
}

/** Rejects as fetch does when nothing can answer; TypeError/RangeError for bad options. */
export async function cacheFetch(ctx: FetchContext, input: RequestInfo | URL, init: CacheFetchInit = {}): Promise<Response> {
  const { options, requestInit } = splitInit(init, ctx.strategy);
  const request = new Request(input, requestInit);
  const origin = globalThis.location?.origin ?? new URL(request.url).origin;
  const refused = requestNotCacheable(request, origin, options);
  const hints = (ctx.varyHints ??= new Map());
  if (refused === 'method' && UNSAFE_METHODS.includes(request.method)) return unsafe(ctx, hints, request, options, origin);
  if (refused !== undefined) return bypass(request, refused);
  const memoryable = options.strategy !== 'network-only' && request.headers.get('authorization') === null;
  const key = memoryable ? memoryKey(hints, request, origin) : undefined;
  // http: a request with directives of its own (no-cache, max-age, a cache mode) is the strategy's to answer.
  const directives = options.strategy === 'http' && (request.cache !== 'default' || request.headers.has('cache-control') || request.headers.has('pragma'));
  if (key !== undefined && options.strategy !== 'network-first' && !directives) {
    const held = ctx.memory.get(key);
    if (isMemoryResponse(held)) return memoryResponse(held, ctx.now());
  }
  const mark = key === undefined ? undefined : ctx.inFlight.take(key);
  try {
    let response: Response;
    try {
      response = await fetchBelow(ctx, request, options, origin);
    } catch (err) {
      const held = key === undefined || options.offline === 'fail' ? undefined : ctx.memory.peek(key);
      if (isMemoryResponse(held)) return memoryResponse(held, ctx.now());
      throw err;
    }
    const notCacheable = responseNotCacheable(response, options, origin);
    if (!response.headers.has('x-cache')) response = marked(response, notCacheable); // memory mode: a plain fetch
    if (key === undefined || notCacheable !== undefined) return response;
    const fresh = freshnessMs(options.ttlMs, response, ctx.now());
    if (fresh === 0 || response.headers.get('x-cache') === 'STALE') return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A response whose Vary selects (src/http/variants.ts) is held under its selection's key.
    const holdKey = rememberVary(hints, request, response.headers.get('vary'), origin);
    if (!mark?.changed) hold(ctx, holdKey, response, bytes, fresh, options.storeHeaders);
    return new Response(nullBody(response.status) ? null : (bytes as BodyInit), { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    if (mark) ctx.inFlight.release(key!, mark);
  }
}

/** A page memory key: the base key, with the request's selection when the response varies (src/http/variants.ts). */
function selectedKey(base: string, selection: [string, string][] | undefined): string {
  return selection ? `${base} vary:${JSON.stringify(selection)}` : base;
}

/**
 * POST, PUT, PATCH, DELETE: through the strategy's disk tier (the worker's or the page's, which
 * invalidates the stored responses its success changes; src/http/stored.ts), and out of page memory.
 */
async function unsafe(ctx: FetchContext, hints: Map<string, string>, request: Request, options: StrategyOptions, origin: string): Promise<Response> {
  const headers = request.headers;
  const response = await fetchBelow(ctx, request, options, origin);
  for (const url of invalidatedUrls(request.url, response)) {
    ctx.memory.delete(baseKey(url));
    ctx.memory.delete(memoryKey(hints, { url, headers }, origin));
  }
  return response.headers.has('x-cache') ? response : marked(response, 'method');
}

/** The page memory key of a request, from the Vary last seen for its URL. */
function memoryKey(hints: Map<string, string>, request: { url: string; headers: Headers }, origin: string): string {
  const base = baseKey(request.url);
  const vary = hints.get(base);
  return selectedKey(base, vary === undefined ? undefined : selectionOf(vary, request.headers, origin));
}

/** Records the response's Vary for its URL (bounded); returns the key to hold it under. */
function rememberVary(hints: Map<string, string>, request: Request, vary: string | null, origin: string): string {
  const base = baseKey(request.url);
  const selection = selectionOf(vary, request.headers, origin);
  if (selection === undefined) hints.delete(base);
  else {
    if (hints.size >= VARY_HINTS_MAX) hints.clear();
    hints.set(base, vary!);
  }
  return selectedKey(base, selection);
}

/** A request tiercache does not cache at all: straight to the network, marked BYPASS and why. */
async function bypass(request: Request, reason: NotCacheable): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch (err) {
    throw new TypeError(`${err instanceof Error ? err.message : String(err)} (${request.url} is not cached: ${reason})`, { cause: err });
  }
  return marked(response, reason);
}

/** X-Cache on a response the network gave directly: MISS, or BYPASS with the reason. */
function marked(response: Response, notCacheable: NotCacheable | undefined): Response {
  if (!reheadable(response)) return response;
  const headers = new Headers(response.headers);
  headers.set('X-Cache', notCacheable === undefined ? 'MISS' : 'BYPASS');
  if (notCacheable !== undefined) headers.set(BYPASS_HEADER, notCacheable);
  return new Response(nullBody(response.status) ? null : response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The route-like strategy options (validated) and the rest of the init, for `new Request`. */
function splitInit(init: CacheFetchInit, defaultStrategy: Strategy): { options: StrategyOptions; requestInit: RequestInit } {
  const { strategy = defaultStrategy, timeoutMs, ttlMs, allowAuthorized, allowNoStore, allowCrossOrigin, cacheableStatuses, storeHeaders, offline, ...requestInit } = init;
  const options: StrategyOptions = { strategy };
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (ttlMs !== undefined) options.ttlMs = ttlMs;
  if (allowAuthorized !== undefined) options.allowAuthorized = allowAuthorized;
  if (allowNoStore !== undefined) options.allowNoStore = allowNoStore;
  if (allowCrossOrigin !== undefined) options.allowCrossOrigin = allowCrossOrigin;
  if (cacheableStatuses !== undefined) options.cacheableStatuses = cacheableStatuses;
  if (storeHeaders !== undefined) options.storeHeaders = storeHeaders;
  if (offline !== undefined) options.offline = offline;
  validateStrategyOptions(options, 'fetch init');
  return { options, requestInit };
}

/** Keeps a fresh response's body in page memory, with the headers a disk record keeps. */
function hold(ctx: FetchContext, key: string, response: Response, bytes: Uint8Array, fresh: number, only: readonly string[] | undefined): void {
  const age = Number(response.headers.get('age') ?? 0);
  const held: MemoryResponse = {
    tiercacheResponse: true,
    status: response.status,
    statusText: response.statusText,
    headers: storedHeaders(response.headers, only), // as on disk: end-to-end headers, or the route's list
    bytes,
    storedAt: ctx.now() - (Number.isFinite(age) ? age * 1000 : 0),
  };
  ctx.memory.set(key, held, { ttlMs: fresh, size: bytes.byteLength + 256 });
}

/** Below page memory: the worker's route (a plain fetch), or the strategy on the page's DiskTier. */
async function fetchBelow(ctx: FetchContext, request: Request, options: StrategyOptions, origin: string): Promise<Response> {
  const link = ctx.link;
  // The worker runs the page's strategy options on this cache's database, as page mode does.
  if (link && link.mode === 'worker') {
    // A carried request names the database only: a ping first, which opens it in the worker with the page's options.
    await (ctx.opened ??= link.run((d) => (d instanceof WorkerDisk ? d.call('ping', []) : Promise.resolve())).catch(() => undefined));
    return fetch(carryOptions(request, { name: ctx.name, options }));
  }
  const tier = link ? await link.pageTier() : undefined;
  if (!tier) return fetch(request);
  // Loaded with the page's own disk tier (one chunk), only when no worker answers.
  const { runStrategy } = await loadDiskTier();
  return runStrategy({ disk: tier, fetch: (r) => fetch(r), now: Date.now, origin, onUpdate: ctx.onUpdate }, request, options);
}

function memoryResponse(held: MemoryResponse, now: number): Response {
  const headers = new Headers(held.headers);
  headers.set('X-Cache', 'HIT');
  headers.set('Age', String(ageSeconds(held.storedAt, now)));
  return new Response(nullBody(held.status) ? null : (held.bytes as BodyInit), { status: held.status, statusText: held.statusText, headers });
}
