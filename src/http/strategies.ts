// The five strategies over a DiskTierLike. The worker's fetch handler and the page's
// `cache.fetch` (when no worker controls the page) run the same code.
import type { DiskHit, DiskTierLike, EncodedValue } from '../diskContract.ts';
import {
  BYPASS_HEADER,
  VARY_POINTER,
  varyPointerKey,
  type NotCacheable,
  ageSeconds,
  baseKey,
  freshnessMs,
  hashCredential,
  headerTokens,
  requestNotCacheable,
  responseMeta,
  responseNotCacheable,
  variantKey,
} from './cacheability.ts';
import type { StrategyOptions } from './routes.ts';

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
  /**
   * Optional hint cache: base key → the Vary header names last stored there. Saves the pointer
   * read on hits (one IndexedDB read instead of two). Only a hint: a wrong or lost entry costs a
   * read, never a wrong answer.
   */
  varyHints?: Map<string, string[]>;
}

/** Bound of a varyHints map: past it, the map starts over. */
const VARY_HINTS_MAX = 10_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Found {
  key: string;
  hit: DiskHit;
}

/** Where a request's response lives: its base key, and how to find the variant. */
interface Place {
  base: string;
}

async function placeOf(request: Request): Promise<Place> {
  const credential = request.headers.get('authorization');
  return { base: baseKey(request.url, credential === null ? undefined : await hashCredential(credential)) };
}

function varyPointerNames(value: EncodedValue): string[] | undefined {
  if (value.kind !== 'json') return undefined;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(value.bytes));
    const names = (parsed as Record<string, unknown> | null)?.[VARY_POINTER];
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? (names as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Finds the stored response for a request, following a Vary pointer to the request's variant. */
async function lookup(disk: DiskTierLike, request: Request, place: Place, hints?: Map<string, string[]>): Promise<Found | undefined> {
  const hinted = hints?.get(place.base);
  if (hinted) {
    const key = variantKey(place.base, hinted, request.headers);
    const hit = await disk.get(key, { allowStale: true });
    if (hit && hit.value.kind === 'response' && hit.value.meta) return { key, hit };
  }
  const first = await disk.get(place.base, { allowStale: true });
  if (first && first.value.kind === 'response' && first.value.meta) return { key: place.base, hit: first };
  // The pointer lives under an internal key; one at the base key itself was written before that.
  const pointer = (first && varyPointerNames(first.value)) ? first : await disk.get(varyPointerKey(place.base), { allowStale: true });
  const names = pointer && varyPointerNames(pointer.value);
  if (!names) return undefined; // nothing, or a value stored under that key by set(): not ours to serve
  rememberVary(hints, place.base, names);
  const key = variantKey(place.base, names, request.headers);
  const hit = await disk.get(key, { allowStale: true });
  return hit && hit.value.kind === 'response' && hit.value.meta ? { key, hit } : undefined;
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
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('X-Cache', bypass === undefined ? 'MISS' : 'BYPASS');
  if (bypass !== undefined) headers.set(BYPASS_HEADER, bypass);
  const noBody = response.status === 204 || response.status === 304 || response.status < 200;
  return new Response(noBody ? null : ((body ?? response.body) as BodyInit | null), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

function rememberVary(hints: Map<string, string[]> | undefined, base: string, names: string[] | undefined): void {
  if (!hints) return;
  if (!names || names.length === 0) {
    hints.delete(base);
    return;
  }
  if (hints.size >= VARY_HINTS_MAX) hints.clear();
  hints.set(base, names);
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
  place: Place,
  options: StrategyOptions,
  previous: Found | undefined,
): Promise<Response> {
  const response = await ctx.fetch(request);
  const notCacheable = responseNotCacheable(response, options, ctx.origin);
  if (notCacheable !== undefined) return markMiss(response, undefined, notCacheable);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const meta = responseMeta(request.url, response);
  const ttlMs = freshnessMs(options.ttlMs, response.headers.get('cache-control'));
  const setOptions = ttlMs === undefined || ttlMs === Infinity ? {} : { ttlMs }; // 0 (no-cache, max-age=0): stored stale
  // Vary: Authorization needs no variant: the base key is already partitioned by the credential's hash.
  const varyNames = headerTokens(response.headers.get('vary')).filter((name) => name !== 'authorization');
  let key = place.base;
  if (varyNames.length > 0) {
    key = variantKey(place.base, varyNames, request.headers);
    const pointer = encoder.encode(JSON.stringify({ [VARY_POINTER]: varyNames }));
    await ctx.disk.set(varyPointerKey(place.base), { kind: 'json', bytes: pointer });
  }
  const stored = await ctx.disk.set(key, { kind: 'response', bytes, meta }, setOptions);
  rememberVary(ctx.varyHints, place.base, stored ? varyNames : undefined);
  if (stored && previous && previous.key === key && ctx.onUpdate) {
    const old = previous.hit.value;
    if (old.meta?.status !== meta.status || !sameBytes(old.bytes, bytes)) ctx.onUpdate(key, request.url);
  }
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
  const place = await placeOf(request);
  const found = await lookup(ctx.disk, request, place, ctx.varyHints);

  switch (strategy) {
    case 'cache-only':
      if (!found) throw noResponse(request, 'cache-only and nothing stored');
      return cachedResponse(found.hit, ctx.now());

    case 'cache-first':
      if (found && !found.hit.stale) return cachedResponse(found.hit, ctx.now());
      try {
        return await fetchAndStore(ctx, request, place, options, found);
      } catch (err) {
        if (found) return cachedResponse(found.hit, ctx.now());
        throw err;
      }

    case 'stale-while-revalidate':
      if (found) {
        if (found.hit.stale) background(ctx, fetchAndStore(ctx, request.clone(), place, options, found));
        return cachedResponse(found.hit, ctx.now());
      }
      return fetchAndStore(ctx, request, place, options, found);

    case 'network-first': {
      const network = fetchAndStore(ctx, request, place, options, found);
      if (!found) return network;
      const timeoutMs = options.timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const winner = await Promise.race([network, timedOut]);
        if (winner === 'timeout') {
          background(ctx, network); // the late answer still refreshes the stored copy
          return cachedResponse(found.hit, ctx.now());
        }
        return winner;
      } catch {
        return cachedResponse(found.hit, ctx.now());
      } finally {
        clearTimeout(timer);
      }
    }
    default:
      throw new TypeError(`unknown strategy ${String(strategy)}`);
  }
}
