// cache.fetch(): fetch() with a strategy. Fresh bodies of hot responses are answered from page
// memory; otherwise the request goes through the worker's route when a worker controls the page,
// or through the same strategy run in the page on its own DiskTier. Page memory holds only plain,
// credential-free GET responses, with the headers a disk record would keep.
import { ageSeconds, baseKey, freshnessMs, requestNotCacheable, responseNotCacheable, storedHeaders } from '../http/cacheability.ts';
import { validateStrategyOptions, type StrategyOptions } from '../http/routes.ts';
import { runStrategy } from '../http/strategies.ts';
import type { MemoryLru } from '../lru/MemoryLru.ts';
import type { ReadMarks } from '../readMarks.ts';
import type { Strategy } from '../types.ts';
import type { DiskLink } from './diskLink.ts';

/** `cache.fetch` options: RequestInit plus the strategy options of a route. */
export interface CacheFetchInit extends RequestInit, Partial<Omit<StrategyOptions, 'strategy'>> {
  strategy?: Strategy;
}

/** A response body held in page memory (`cache.fetch`). */
export interface MemoryResponse {
  readonly tiercacheResponse: true;
  status: number;
  statusText: string;
  headers: [string, string][];
  bytes: Uint8Array;
  /** When the response was first stored anywhere (for Age). */
  storedAt: number;
}

/** Whether a memory-tier value is a response held by `cache.fetch` (never a `get` answer). */
export function isMemoryResponse(v: unknown): v is MemoryResponse {
  return typeof v === 'object' && v !== null && (v as MemoryResponse).tiercacheResponse === true;
}

/** What `cache.fetch` uses of its TierCache. */
export interface FetchContext {
  memory: MemoryLru<unknown>;
  /** Reads in flight by key: a response that another tab's change overlapped is returned, not kept. */
  inFlight: ReadMarks;
  link: DiskLink | undefined;
  /** The cache's default strategy. */
  strategy: Strategy;
  now: () => number;
  /** A stored response changed (page mode): tell the other tabs and the worker's hot copies. */
  onUpdate: (key: string, url: string) => void;
}

/** Rejects as fetch does when nothing can answer; TypeError/RangeError for bad options. */
export async function cacheFetch(ctx: FetchContext, input: RequestInfo | URL, init: CacheFetchInit = {}): Promise<Response> {
  const { options, requestInit } = splitInit(init, ctx.strategy);
  const request = new Request(input, requestInit);
  const origin = globalThis.location?.origin ?? new URL(request.url).origin;
  const memoryable =
    options.strategy !== 'network-only' &&
    request.headers.get('authorization') === null &&
    requestNotCacheable(request, origin, options) === undefined;
  const key = memoryable ? baseKey(request.url) : undefined;
  if (key !== undefined && options.strategy !== 'network-first') {
    const held = ctx.memory.get(key);
    if (isMemoryResponse(held)) return memoryResponse(held, ctx.now());
  }
  const mark = key === undefined ? undefined : ctx.inFlight.take(key);
  try {
    let response: Response;
    try {
      response = await fetchBelow(ctx, request, options, origin);
    } catch (err) {
      const held = key === undefined ? undefined : ctx.memory.peek(key);
      if (isMemoryResponse(held)) return memoryResponse(held, ctx.now());
      throw err;
    }
    if (key === undefined || responseNotCacheable(response, options, origin) !== undefined || response.headers.has('vary')) return response;
    const fresh = freshnessMs(options.ttlMs, response.headers.get('cache-control'));
    if (fresh === 0 || response.headers.get('x-cache') === 'STALE') return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!mark?.changed) hold(ctx, key, response, bytes, fresh);
    return new Response(bytes as BodyInit, { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    if (mark) ctx.inFlight.release(key!, mark);
  }
}

/** The route-like strategy options (validated) and the rest of the init, for `new Request`. */
function splitInit(init: CacheFetchInit, defaultStrategy: Strategy): { options: StrategyOptions; requestInit: RequestInit } {
  const { strategy = defaultStrategy, timeoutMs, ttlMs, allowAuthorized, allowNoStore, allowCrossOrigin, cacheableStatuses, ...requestInit } = init;
  const options: StrategyOptions = { strategy };
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (ttlMs !== undefined) options.ttlMs = ttlMs;
  if (allowAuthorized !== undefined) options.allowAuthorized = allowAuthorized;
  if (allowNoStore !== undefined) options.allowNoStore = allowNoStore;
  if (allowCrossOrigin !== undefined) options.allowCrossOrigin = allowCrossOrigin;
  if (cacheableStatuses !== undefined) options.cacheableStatuses = cacheableStatuses;
  validateStrategyOptions(options, 'fetch init');
  return { options, requestInit };
}

/** Keeps a fresh response's body in page memory, with the headers a disk record keeps. */
function hold(ctx: FetchContext, key: string, response: Response, bytes: Uint8Array, fresh: number | undefined): void {
  const age = Number(response.headers.get('age') ?? 0);
  const held: MemoryResponse = {
    tiercacheResponse: true,
    status: response.status,
    statusText: response.statusText,
    headers: storedHeaders(response.headers), // the allowlist, as on disk: no cookies or tokens kept
    bytes,
    storedAt: ctx.now() - (Number.isFinite(age) ? age * 1000 : 0),
  };
  ctx.memory.set(key, held, { ttlMs: fresh ?? Infinity, size: bytes.byteLength + 256 });
}

/** Below page memory: the worker's route (a plain fetch), or the strategy on the page's DiskTier. */
async function fetchBelow(ctx: FetchContext, request: Request, options: StrategyOptions, origin: string): Promise<Response> {
  const link = ctx.link;
  if (link && link.mode === 'worker') return fetch(request);
  const tier = link ? await link.pageTier() : undefined;
  if (!tier) return fetch(request);
  return runStrategy({ disk: tier, fetch: (r) => fetch(r), now: Date.now, origin, onUpdate: ctx.onUpdate }, request, options);
}

function memoryResponse(held: MemoryResponse, now: number): Response {
  const headers = new Headers(held.headers);
  headers.set('X-Cache', 'HIT');
  headers.set('Age', String(ageSeconds(held.storedAt, now)));
  return new Response(held.bytes as BodyInit, { status: held.status, statusText: held.statusText, headers });
}
