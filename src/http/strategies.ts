// The five strategies over a DiskTierLike. The worker's fetch handler and the page's
// `cache.fetch` (when no worker controls the page) run the same code.
import type { DiskHit, DiskTierLike, EncodedValue } from '../diskContract.ts';
import {
  BYPASS_HEADER,
  type NotCacheable,
  ageSeconds,
  baseKey,
  hashCredential,
  requestNotCacheable,
  responseMeta,
  reheadable,
  responseNotCacheable,
} from './cacheability.ts';
import { freshnessMs } from './freshness.ts';
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
interface Found {
  key: string;
  record?: DiskHit;
  hit?: DiskHit;
  /** A value set() stored under the key (not a response): storing a response replaces it. */
  value?: true;
}

/** The record key of a request: its URL, partitioned by a hash of its credential. */
async function keyOf(request: Request): Promise<string> {
  const credential = request.headers.get('authorization');
  return baseKey(request.url, credential === null ? undefined : await hashCredential(credential));
}

/** One read: the record stored for the request's URL, and the variant in it that answers this request. */
async function lookup(ctx: StrategyContext, request: Request, key: string): Promise<Found> {
  const record = await ctx.disk.get(key, { allowStale: true });
  // A value stored under that key by set(), not a response: not ours to serve, and replaced by one.
  if (!record) return { key };
  if (record.value.kind !== 'response' || !record.value.meta) return { key, value: true };
  return { key, record, hit: pickVariant(record, request.headers, ctx.origin, ctx.now()) };
}

/** A Response built from a stored record, marked HIT or STALE with its Age. */
function cachedResponse(hit: DiskHit, now: number): Response {
  const meta = hit.value.meta!;
  const headers = new Headers(meta.headers);
  headers.set('X-Cache', hit.stale ? 'STALE' : 'HIT');
  headers.set('Age', String(ageSeconds(hit.info.createdAt, now)));
  const body = meta.status === 204 || meta.status === 304 ? null : hit.value.bytes;
  return new Response(body as BodyInit | null, { status: meta.status, statusText: meta.statusText, headers });
}

/**
 * The network response passed on, marked MISS, or BYPASS with the reason it was not stored in
 * X-Cache-Bypass (opaque responses cannot be re-headed).
 */
function markMiss(response: Response, body?: Uint8Array, bypass?: NotCacheable): Response {
  if (!reheadable(response)) return response;
  const headers = new Headers(response.headers);
  headers.set('X-Cache', bypass === undefined ? 'MISS' : 'BYPASS');
  if (bypass !== undefined) headers.set(BYPASS_HEADER, bypass);
  const noBody = response.status === 204 || response.status === 304;
  return new Response(noBody ? null : ((body ?? response.body) as BodyInit | null), {
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
 * Fetches, stores a cacheable answer (awaiting the disk's acknowledgement, so the next request
 * finds it), and returns the response marked MISS. Tells `onUpdate` when the content changed.
 */
async function fetchAndStore(
  ctx: StrategyContext,
  request: Request,
  options: StrategyOptions,
  previous: Found,
): Promise<Response> {
  const response = await ctx.fetch(request);
  const notCacheable = responseNotCacheable(response, options, ctx.origin);
  if (notCacheable !== undefined) return markMiss(response, undefined, notCacheable);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const meta = responseMeta(request.url, response, options.storeHeaders);
  const vary = selectionOf(response.headers.get('vary'), request.headers, ctx.origin);
  if (vary) meta.vary = vary;
  const ttlMs = freshnessMs(options.ttlMs, response, ctx.now());
  const setOptions = ttlMs === Infinity ? {} : { ttlMs }; // 0 (no freshness, no-cache, max-age=0): stored stale
  const record = withVariants(meta, bytes, previous.record);
  let stored = await ctx.disk.set(previous.key, { kind: 'response', ...record }, setOptions);
  // Too large with its siblings for the tier (maxEntryBytes): this variant alone, then.
  if (!stored && record.bytes !== bytes) stored = await ctx.disk.set(previous.key, { kind: 'response', bytes, meta }, setOptions);
  // Tabs hold set() values in memory: replacing one is news to them, as a changed response is.
  const old = previous.hit?.value;
  const changed = previous.value === true || (old !== undefined && (old.meta?.status !== meta.status || !sameBytes(old.bytes, bytes)));
  if (stored && changed && ctx.onUpdate) ctx.onUpdate(previous.key, request.url);
  return markMiss(response, bytes);
}

function background(ctx: StrategyContext, work: Promise<unknown>): void {
  const guarded = work.catch(() => undefined); // a failed background refresh leaves the stored copy in place
  if (ctx.waitUntil) ctx.waitUntil(guarded);
}

function noResponse(request: Request, why: string): TypeError {
  return new TypeError(`tiercache: no response for ${request.url} (${why})`);
}

/** Answers a request by strategy. Rejects (as fetch does) when neither cache nor network can answer. */
export async function runStrategy(ctx: StrategyContext, request: Request, options: StrategyOptions): Promise<Response> {
  const strategy = options.strategy;
  if (strategy === 'network-only') return markMiss(await ctx.fetch(request));
  const notCacheable = requestNotCacheable(request, ctx.origin, options);
  if (notCacheable !== undefined) return markMiss(await ctx.fetch(request), undefined, notCacheable);
  const found = await lookup(ctx, request, await keyOf(request));
  const { hit } = found;

  switch (strategy) {
    case 'cache-only':
      if (!hit) throw noResponse(request, 'cache-only and nothing stored');
      return cachedResponse(hit, ctx.now());

    case 'cache-first':
      if (hit && !hit.stale) return cachedResponse(hit, ctx.now());
      try {
        return await fetchAndStore(ctx, request, options, found);
      } catch (err) {
        if (hit) return cachedResponse(hit, ctx.now());
        throw err;
      }

    case 'stale-while-revalidate':
      if (hit) {
        if (hit.stale) background(ctx, fetchAndStore(ctx, request.clone(), options, found));
        return cachedResponse(hit, ctx.now());
      }
      return fetchAndStore(ctx, request, options, found);

    case 'network-first': {
      const network = fetchAndStore(ctx, request, options, found);
      if (!hit) return network;
      const timeoutMs = options.timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const winner = await Promise.race([network, timedOut]);
        if (winner === 'timeout') {
          background(ctx, network); // the late answer still refreshes the stored copy
          return cachedResponse(hit, ctx.now());
        }
        return winner;
      } catch {
        return cachedResponse(hit, ctx.now());
      } finally {
        clearTimeout(timer);
      }
    }
    default:
      throw new TypeError(`unknown strategy ${String(strategy)}`);
  }
}
