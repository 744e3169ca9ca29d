// What may be stored, under which key, and with which headers. Pure functions: the worker's
// fetch handler and the page's `cache.fetch` share them, and node tests cover them.
import type { ResponseMeta } from '../diskContract.ts';

/** Response headers kept with a stored response; everything else (cookies, tokens) is dropped. */
export const STORED_HEADERS: readonly string[] = [
  'content-type',
  'etag',
  'last-modified',
  'cache-control',
  'date',
  'vary',
  'content-language',
];

/** The per-route switches of the safe defaults. Each one defaults to the safe side. */
export interface CacheabilityOptions {
  /** Store responses to requests carrying `Authorization`, partitioned by a hash of it. Default false. */
  allowAuthorized?: boolean;
  /** Statuses that may be stored. Default [200]. */
  cacheableStatuses?: readonly number[];
  /** Store responses marked `Cache-Control: no-store`. Default false. */
  allowNoStore?: boolean;
  /** Store responses from other origins (never opaque ones). Default false. */
  allowCrossOrigin?: boolean;
}

/** The header that says why a response marked `X-Cache: BYPASS` was not stored (a NotCacheable). */
export const BYPASS_HEADER = 'X-Cache-Bypass';

/** Why a request or response is not stored; undefined when it may be. */
export type NotCacheable =
  | 'method'
  | 'cross-origin'
  | 'authorization'
  | 'opaque'
  | 'status'
  | 'no-store'
  | 'vary-star'
  /** Varies on a credential header (Cookie, Proxy-Authorization): its value would be the key. */
  | 'vary-credential';

/** Request headers that carry credentials: never written into a key. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

interface RequestLike {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}
interface ResponseLike {
  type: string;
  status: number;
  /** The final URL after redirects ('' for a constructed response). */
  url?: string;
  headers: { get(name: string): string | null };
}

/** May a response to this request be stored or served from the cache at all? */
export function requestNotCacheable(
  request: RequestLike,
  origin: string,
  options: CacheabilityOptions = {},
): NotCacheable | undefined {
  if (request.method !== 'GET') return 'method';
  if (!options.allowCrossOrigin && new URL(request.url).origin !== origin) return 'cross-origin';
  if (request.headers.get('authorization') !== null && !options.allowAuthorized) return 'authorization';
  return undefined;
}

/** Lower-case tokens of a comma-separated header (Cache-Control, Vary). */
export function headerTokens(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

/** May this response be stored? */
export function responseNotCacheable(response: ResponseLike, options: CacheabilityOptions = {}, origin?: string): NotCacheable | undefined {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return 'opaque';
  // A same-origin request redirected to another origin is that origin's answer.
  if (origin !== undefined && !options.allowCrossOrigin && response.url && new URL(response.url).origin !== origin) return 'cross-origin';
  const statuses = options.cacheableStatuses ?? [200];
  if (!statuses.includes(response.status)) return 'status';
  const cc = headerTokens(response.headers.get('cache-control'));
  if (!options.allowNoStore && cc.includes('no-store')) return 'no-store';
  const vary = headerTokens(response.headers.get('vary'));
  if (vary.includes('*')) return 'vary-star';
  // Vary: Authorization is fine: the base key is already partitioned by the credential's hash.
  if (vary.some((name) => name !== 'authorization' && CREDENTIAL_HEADERS.has(name))) return 'vary-credential';
  return undefined;
}

/** The allowlisted headers of a response, lower-case names, in allowlist order. */
export function storedHeaders(headers: { get(name: string): string | null }): [string, string][] {
  const out: [string, string][] = [];
  for (const name of STORED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out.push([name, value]);
  }
  return out;
}

/**
 * Freshness of a stored response in ms: the route's `ttlMs` when given, else the response's
 * `max-age` (0 for `no-cache`), else undefined (never expires).
 */
export function freshnessMs(routeTtlMs: number | undefined, cacheControl: string | null): number | undefined {
  if (routeTtlMs !== undefined) return routeTtlMs;
  const tokens = headerTokens(cacheControl);
  if (tokens.includes('no-cache')) return 0;
  for (const token of tokens) {
    const m = /^max-age=(\d+)$/.exec(token);
    if (m) return Number(m[1]) * 1000;
  }
  return undefined;
}

/** The `Age` header value, whole seconds since the response was stored (never negative). */
export function ageSeconds(createdAt: number, now: number): number {
  return Math.max(0, Math.floor((now - createdAt) / 1000));
}

/**
 * Keys of the records tiercache stores for itself begin with this. The page API treats them as
 * absent (get, has, keys) and refuses to write them, so one part of tiercache never shows its
 * bookkeeping through another cache of the same name.
 */
export const INTERNAL_KEY_PREFIX = 'tiercache:';

export function isInternalKey(key: string): boolean {
  return key.startsWith(INTERNAL_KEY_PREFIX);
}

/** The base key of a request: its URL without fragment, partitioned by the credential's hash. */
export function baseKey(url: string, authHash?: string): string {
  const u = new URL(url);
  u.hash = '';
  return authHash ? `${u.href} auth=${authHash}` : u.href;
}

/** Hex SHA-256 of the credential (first 16 bytes): the partition, never the credential itself. */
export async function hashCredential(credential: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(credential));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Builds the meta kept with a response body. */
export function responseMeta(url: string, response: { status: number; statusText: string; headers: Headers }): ResponseMeta {
  return { url, status: response.status, statusText: response.statusText, headers: storedHeaders(response.headers) };
}
