// What may be stored, under which key, and with which headers. Pure functions: the worker's
// fetch handler and the page's `cache.fetch` share them, and node tests cover them.
import type { ResponseMeta } from '../diskContract.ts';
import { parseCacheControl } from './freshness.ts';

/** Request headers that make a request conditional: the page revalidates itself, and the cache stands aside. */
const CONDITIONAL_HEADERS = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range'];

/**
 * Response headers never stored. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection;
 * cookies are the browser's to keep (a worker never sees them, but an injected fetch might);
 * the worker stores bodies decoded, so their encoding and length are the network's, not ours;
 * Age and the X-Cache pair are written afresh on every answer. Everything else is kept.
 */
export const UNSTORED_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'set-cookie',
  'set-cookie2',
  'content-encoding',
  'content-length',
  'age',
  'x-cache',
  'x-cache-bypass',
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
  /**
   * Store only these response headers (names, any case), for an app that wants less kept.
   * Default: every end-to-end header (all but UNSTORED_HEADERS, Proxy-* and those Connection names).
   */
  storeHeaders?: readonly string[];
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
  | 'vary-credential'
  /** The page's own conditional request (If-None-Match, If-Modified-Since, ...): it revalidates itself. */
  | 'conditional';

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
  if (CONDITIONAL_HEADERS.some((name) => request.headers.get(name) !== null)) return 'conditional';
  return undefined;
}

/** Lower-case tokens of a comma-separated list header (Vary, Connection; Cache-Control: freshness.ts). */
export function headerTokens(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

/** Whether a Response can be rebuilt with our headers: not opaque, and a status the constructor takes (200-599). */
export function reheadable(response: { type: string; status: number }): boolean {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return false;
  return response.status >= 200 && response.status <= 599;
}

/** Statuses whose Response must have a null body (the constructor throws otherwise). */
export const nullBody = (status: number): boolean => status === 204 || status === 205 || status === 304;

/** May this response be stored? */
export function responseNotCacheable(response: ResponseLike, options: CacheabilityOptions = {}, origin?: string): NotCacheable | undefined {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return 'opaque';
  // A same-origin request redirected to another origin is that origin's answer.
  if (origin !== undefined && !options.allowCrossOrigin && response.url && new URL(response.url).origin !== origin) return 'cross-origin';
  const statuses = options.cacheableStatuses ?? [200];
  if (!statuses.includes(response.status)) return 'status';
  if (!options.allowNoStore && parseCacheControl(response.headers.get('cache-control')).has('no-store')) return 'no-store';
  const vary = headerTokens(response.headers.get('vary'));
  if (vary.includes('*')) return 'vary-star';
  // Vary: Authorization is fine: the base key is already partitioned by the credential's hash.
  if (vary.some((name) => name !== 'authorization' && CREDENTIAL_HEADERS.has(name))) return 'vary-credential';
  return undefined;
}

/**
 * The headers kept with a stored response, lower-case names, in the order the response has them:
 * every end-to-end header, or only those `only` names (never one the default drops).
 */
export function storedHeaders(headers: Headers, only?: readonly string[]): [string, string][] {
  const listed = only === undefined ? undefined : new Set(only.map((name) => name.toLowerCase()));
  const perConnection = new Set(headerTokens(headers.get('connection')));
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    if (UNSTORED_HEADERS.includes(name) || name.startsWith('proxy-') || perConnection.has(name)) return;
    if (listed && !listed.has(name)) return;
    out.push([name, value]);
  });
  return out;
}

/** Methods whose success changes what the server holds (RFC 9111 §4.4). */
export const UNSAFE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The URLs whose stored responses an unsafe method's answer invalidates (RFC 9111 §4.4): none
 * unless it succeeded (2xx, 3xx); else its own, and the same-origin URLs its Location and
 * Content-Location name.
 */
export function invalidatedUrls(url: string, response: { status: number; headers: { get(name: string): string | null } }): string[] {
  if (response.status < 200 || response.status > 399) return [];
  const urls = [url];
  for (const name of ['location', 'content-location']) {
    const value = response.headers.get(name);
    if (value === null) continue;
    try {
      const named = new URL(value, url);
      if (named.origin === new URL(url).origin) urls.push(named.href);
    } catch {
      // A malformed header names nothing.
    }
  }
  return urls;
}

/** The `Age` header value, whole seconds since the response was stored (never negative). */
export function ageSeconds(createdAt: number, now: number): number {
  return Math.max(0, Math.floor((now - createdAt) / 1000));
}

export { INTERNAL_KEY_PREFIX, isInternalKey } from '../internalKeys.ts';

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
export function responseMeta(url: string, response: { status: number; statusText: string; headers: Headers }, only?: readonly string[]): ResponseMeta {
  return { url, status: response.status, statusText: response.statusText, headers: storedHeaders(response.headers, only) };
}
