// Stored responses, for every strategy: the record key of a request, the one read that finds its
// URL's record and the variant answering it, a stored response served back (HIT, STALE,
// REVALIDATED, with its Age), a network response stored with its headers and freshness, and the
// invalidation an unsafe method's success causes. strategies.ts and httpStrategy.ts decide when.
import type { DiskHit, DiskTierLike, ResponseMeta } from '../diskContract.ts';
import {
  BYPASS_HEADER,
  type NotCacheable,
  ageSeconds,
  baseKey,
  hashCredential,
  invalidatedUrls,
  nullBody,
  responseMeta,
  reheadable,
  responseNotCacheable,
} from './cacheability.ts';
import { freshnessMs, initialAgeMs } from './freshness.ts';
import type { StrategyOptions } from './routes.ts';
import { pickVariant, selectionOf, withVariants } from './variants.ts';

export interface StrategyContext {
  disk: DiskTierLike;
  fetch: (request: Request) => Promise<Response>;
  now: () => number;
  /** The origin whose requests count as same-origin. */
  origin: string;
  /** Keeps background work (revalidation, late network-first writes) alive; default: caught and dropped. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** A network response replaced a stored one with different content. */
  onUpdate?: (key: string, url: string) => void;
}

/** What is stored for a request's URL: the whole record (every variant), and the variant that answers the request. */
export interface Found {
  key: string;
  record?: DiskHit;
  hit?: DiskHit;
  /** A value set() stored under the key (not a response): storing a response replaces it. */
  value?: true;
}

/** The record key of a request's URL (or another URL it names): partitioned by a hash of its credential. */
export async function keyOf(request: Request, url = request.url): Promise<string> {
  const credential = request.headers.get('authorization');
  return baseKey(url, credential === null ? undefined : await hashCredential(credential));
}

/** One read: the record stored for the request's URL, and the variant in it that answers this request. */
export async function lookup(ctx: StrategyContext, request: Request, key: string): Promise<Found> {
  const record = await ctx.disk.get(key, { allowStale: true });
  // A value stored under that key by set(), not a response: not ours to serve, and replaced by one.
  if (!record) return { key };
  if (record.value.kind !== 'response' || !record.value.meta) return { key, value: true };
  return { key, record, hit: pickVariant(record, request.headers, ctx.origin, ctx.now()) };
}

/** How a stored response answers: fresh, expired, or fresh again after a 304. */
export type CacheLabel = 'HIT' | 'STALE' | 'REVALIDATED';

/** A Response built from a stored record, marked HIT or STALE (by its expiry) or as told, with its Age. */
export function cachedResponse(hit: DiskHit, now: number, label: CacheLabel = hit.stale ? 'STALE' : 'HIT'): Response {
  const meta = hit.value.meta!;
  const headers = new Headers(meta.headers);
  headers.set('X-Cache', label);
  headers.set('Age', String(ageSeconds(hit.info.createdAt - (meta.age ?? 0), now)));
  const body = nullBody(meta.status) ? null : hit.value.bytes;
  return new Response(body as BodyInit | null, { status: meta.status, statusText: meta.statusText, headers });
}

/**
 * The network response passed on, marked MISS, or BYPASS with the reason it was not stored in
 * X-Cache-Bypass (opaque responses cannot be re-headed).
 */
export function markMiss(response: Response, body?: Uint8Array, bypass?: NotCacheable): Response {
  if (!reheadable(response)) return response;
  const headers = new Headers(response.headers);
  headers.set('X-Cache', bypass === undefined ? 'MISS' : 'BYPASS');
  if (bypass !== undefined) headers.set(BYPASS_HEADER, bypass);
  return new Response(nullBody(response.status) ? null : ((body ?? response.body) as BodyInit | null), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Stores a network response when it may be (awaiting the disk's acknowledgement, so the next
 * request finds it) and returns it marked MISS, or BYPASS and why. Tells `onUpdate` when the
 * content changed.
 */
export async function storeResponse(ctx: StrategyContext, request: Request, response: Response, options: StrategyOptions, previous: Found): Promise<Response> {
  const notCacheable = responseNotCacheable(response, options, ctx.origin);
  if (notCacheable !== undefined) return markMiss(response, undefined, notCacheable);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const meta = responseMeta(request.url, response, options.storeHeaders);
  const vary = selectionOf(response.headers.get('vary'), request.headers, ctx.origin);
  if (vary) meta.vary = vary;
  const now = ctx.now();
  const age = initialAgeMs(response.headers, now);
  if (age > 0) meta.age = age;
  const ttlMs = freshnessMs(options.ttlMs, response, now, age);
  const stored = await putResponse(ctx, previous, meta, bytes, ttlMs);
  // Tabs hold set() values in memory: replacing one is news to them, as a changed response is.
  const old = previous.hit?.value;
  const changed = previous.value === true || (old !== undefined && (old.meta?.status !== meta.status || !sameBytes(old.bytes, bytes)));
  if (stored && changed && ctx.onUpdate) ctx.onUpdate(previous.key, request.url);
  return markMiss(response, bytes);
}

/** Writes one variant into its URL's record, with the other variants; alone when together they are too large. */
export async function putResponse(ctx: StrategyContext, previous: Found, meta: ResponseMeta, bytes: Uint8Array, ttlMs: number): Promise<boolean> {
  const setOptions = ttlMs === Infinity ? {} : { ttlMs }; // 0 (no freshness, no-cache, max-age=0): stored stale
  const record = withVariants(meta, bytes, previous.record);
  const stored = await ctx.disk.set(previous.key, { kind: 'response', ...record }, setOptions);
  // Too large with its siblings for the tier (maxEntryBytes): this variant alone, then.
  if (!stored && record.bytes !== bytes) return ctx.disk.set(previous.key, { kind: 'response', bytes, meta }, setOptions);
  return stored;
}

/** Fetches and stores (see storeResponse). */
export async function fetchAndStore(ctx: StrategyContext, request: Request, options: StrategyOptions, previous: Found): Promise<Response> {
  return storeResponse(ctx, request, await ctx.fetch(request), options, previous);
}

/** Named fire-and-forget: a failed background refresh leaves the stored copy in place. */
export function background(ctx: StrategyContext, work: Promise<unknown>): void {
  const guarded = work.catch(() => undefined);
  if (ctx.waitUntil) ctx.waitUntil(guarded);
}

/** The keys whose stored copy is being refreshed in the background, per database. */
const refreshing = new WeakMap<DiskTierLike, Set<string>>();

/**
 * Refreshes a stale stored copy in the background, unless a refresh of its key is already under
 * way: stale hits while one runs (a page polling, several tabs) are answered from the copy and
 * send no second request to the server.
 */
export function refreshInBackground(ctx: StrategyContext, key: string, refresh: () => Promise<unknown>): void {
  let keys = refreshing.get(ctx.disk);
  if (!keys) refreshing.set(ctx.disk, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  background(ctx, refresh().finally(() => keys.delete(key)));
}

/**
 * After an unsafe method's success, the stored responses of its URL and of the same-origin URLs
 * its answer names are deleted (invalidatedUrls), so the next GET asks the server.
 */
export async function invalidate(ctx: StrategyContext, request: Request, response: Response): Promise<void> {
  for (const url of invalidatedUrls(request.url, response)) {
    await ctx.disk.delete(await keyOf(request, url));
    if (request.headers.has('authorization')) await ctx.disk.delete(baseKey(url));
  }
}
