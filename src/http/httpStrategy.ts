// The `http` strategy: the response's own headers decide, as a private cache per RFC 9111 would
// (the rules are httpRules.ts). A stored response with validators is revalidated with
// If-None-Match / If-Modified-Since: a 304 refreshes its headers and freshness and keeps its body
// (answered 200, X-Cache: REVALIDATED); anything else replaces it. Whatever the headers say, an
// unreachable network is answered with the stored response, STALE, unless the route says
// `offline: 'fail'`.
import type { DiskHit } from '../diskContract.ts';
import { responseMeta } from './cacheability.ts';
import { freshnessMs, initialAgeMs } from './freshness.ts';
import { RULE_HEADERS, decide, httpStorable, isServerError, requestRules, staleIfError, type StoredState } from './httpRules.ts';
import type { StrategyOptions } from './routes.ts';
import { cachedResponse, markMiss, putResponse, refreshInBackground, storeResponse, type Found, type StrategyContext } from './stored.ts';

/** The strategy's own requests skip the browser's HTTP cache: each response is cached once, here, by these rules. */
function network(ctx: StrategyContext, request: Request, headers?: Headers): Promise<Response> {
  return ctx.fetch(new Request(request, headers ? { cache: 'no-store', headers } : { cache: 'no-store' }));
}

function stateOf(hit: DiskHit): StoredState {
  const meta = hit.value.meta!;
  return { status: meta.status, headers: new Headers(meta.headers), createdAt: hit.info.createdAt, expiresAt: hit.info.expiresAt, ageMs: meta.age };
}

/** A route's storeHeaders plus the headers the rules read. */
function keptHeaders(options: StrategyOptions): readonly string[] | undefined {
  return options.storeHeaders && [...options.storeHeaders, ...RULE_HEADERS];
}

/** Stores by the route's options, where the response's own status decides when the route names no statuses. */
function store(ctx: StrategyContext, request: Request, response: Response, options: StrategyOptions, found: Found): Promise<Response> {
  const cacheableStatuses = options.cacheableStatuses ?? (httpStorable(response) ? [response.status] : []);
  return storeResponse(ctx, request, response, { ...options, cacheableStatuses, storeHeaders: keptHeaders(options) }, found);
}

/** Answers by the rules; rejects (as fetch does) when the network fails and nothing may answer. */
export async function runHttp(ctx: StrategyContext, request: Request, options: StrategyOptions, found: Found): Promise<Response> {
  const req = requestRules(request);
  const { hit } = found;
  const now = ctx.now();
  if (req.onlyIfCached) {
    return hit ? cachedResponse(hit, now) : new Response(null, { status: 504, statusText: 'Gateway Timeout', headers: { 'X-Cache': 'MISS' } });
  }
  // A request's no-store: neither answered from nor written to the cache.
  if (req.noStore) return markMiss(await network(ctx, request), undefined, 'no-store');
  if (!hit) return store(ctx, request, await network(ctx, request), options, found);
  const state = stateOf(hit);
  const decision = decide(state, req, now, options.ttlMs);
  if (decision === 'fresh') return cachedResponse(hit, now, 'HIT');
  if (decision === 'revalidate') return revalidate(ctx, request, options, found, hit, state);
  if (decision === 'swr') refreshInBackground(ctx, found.key, () => revalidate(ctx, request.clone(), options, found, hit, state));
  return cachedResponse(hit, now, 'STALE');
}

/** Asks the server about a stored response: conditionally when it has validators. */
async function revalidate(ctx: StrategyContext, request: Request, options: StrategyOptions, found: Found, hit: DiskHit, state: StoredState): Promise<Response> {
  const headers = new Headers(request.headers);
  const etag = state.headers.get('etag');
  const modified = state.headers.get('last-modified');
  if (etag !== null) headers.set('If-None-Match', etag);
  if (modified !== null) headers.set('If-Modified-Since', modified);
  let response: Response;
  try {
    response = await network(ctx, request, headers);
  } catch (err) {
    if (options.offline !== 'fail' || staleIfError(state, ctx.now(), options.ttlMs)) return cachedResponse(hit, ctx.now(), 'STALE');
    throw err;
  }
  if (response.status === 304 && (etag !== null || modified !== null)) return refresh(ctx, options, found, hit, response);
  if (isServerError(response.status) && staleIfError(state, ctx.now(), options.ttlMs)) return cachedResponse(hit, ctx.now(), 'STALE');
  return store(ctx, request, response, options, found);
}

/**
 * A 304: the stored headers updated with the 304's (RFC 9111 §4.3.4), freshness computed afresh
 * from them and the age the 304 arrived with, the body kept. Answered 200 (the stored status)
 * marked REVALIDATED, with the refreshed copy's Age.
 */
async function refresh(ctx: StrategyContext, options: StrategyOptions, found: Found, hit: DiskHit, notModified: Response): Promise<Response> {
  const old = hit.value.meta!;
  const now = ctx.now();
  const headers = new Headers(old.headers);
  notModified.headers.forEach((value, name) => headers.set(name, value));
  const merged = { status: old.status, statusText: old.statusText, headers };
  const meta = responseMeta(old.url, merged, keptHeaders(options));
  if (old.vary) meta.vary = old.vary;
  const age = initialAgeMs(notModified.headers, now);
  if (age > 0) meta.age = age;
  const bytes = hit.value.bytes;
  await putResponse(ctx, found, meta, bytes, freshnessMs(options.ttlMs, merged, now, age));
  return cachedResponse({ value: { kind: 'response', bytes, meta }, info: { ...hit.info, createdAt: now }, stale: false }, now, 'REVALIDATED');
}
