// The decisions of the `http` strategy, as a private cache makes them (RFC 9111, RFC 5861):
// what a request's own directives ask, whether a stored response answers as it is, answers stale
// while it is refreshed, or must be revalidated first, and which responses may be stored. Pure
// functions over headers and a clock (node tests: test/node/http-rules.test.ts); the strategy
// that acts on them is httpStrategy.ts.
import { HEURISTIC_STATUSES, deltaSeconds, lifetimeMs, parseCacheControl, type Directives } from './freshness.ts';

type HeaderGetter = { get(name: string): string | null };

/** What a request asks of the cache: its Cache-Control (else Pragma: no-cache) and its fetch cache mode. */
export interface RequestRules {
  /** Neither served from nor stored in the cache (request `no-store`, cache mode 'no-store'). */
  noStore: boolean;
  /** A stored response must be revalidated first (`no-cache`, `max-age=0`, cache modes 'no-cache' and 'reload'). */
  noCache: boolean;
  /** Only a stored response, fresh or stale; else 504 (`only-if-cached`, cache mode 'only-if-cached'). */
  onlyIfCached: boolean;
  /** `max-age=N`: a stored response older than this many ms is revalidated. */
  maxAgeMs?: number;
  /** `max-stale[=N]`: a stale response within this many ms past its freshness answers (Infinity: any). */
  maxStaleMs?: number;
  /** `min-fresh=N`: a response fresh for less than this many ms more is treated as stale. */
  minFreshMs?: number;
}

const seconds = (arg: string | undefined): number | undefined => {
  const s = deltaSeconds(arg);
  return s === undefined ? undefined : s * 1000;
};

/** The request's directives; a fetch cache mode counts as its Cache-Control equivalent. */
export function requestRules(request: { headers: HeaderGetter; cache?: string }): RequestRules {
  const header = request.headers.get('cache-control');
  const cc = parseCacheControl(header);
  const mode = request.cache;
  // Pragma: no-cache counts only when Cache-Control is absent (RFC 9111 §5.4).
  const pragma = header === null && /(^|,)\s*no-cache\s*(,|$)/i.test(request.headers.get('pragma') ?? '');
  const rules: RequestRules = {
    noStore: cc.has('no-store') || mode === 'no-store',
    noCache: cc.has('no-cache') || pragma || mode === 'no-cache' || mode === 'reload',
    onlyIfCached: cc.has('only-if-cached') || mode === 'only-if-cached',
  };
  const maxAge = seconds(cc.get('max-age'));
  if (maxAge !== undefined) rules.maxAgeMs = maxAge;
  if (cc.has('max-stale') || mode === 'force-cache') rules.maxStaleMs = mode === 'force-cache' || cc.get('max-stale') === '' ? Infinity : (seconds(cc.get('max-stale')) ?? 0);
  const minFresh = seconds(cc.get('min-fresh'));
  if (minFresh !== undefined) rules.minFreshMs = minFresh;
  return rules;
}

/** A stored response as the rules see it. */
export interface StoredState {
  status: number;
  headers: HeaderGetter;
  /** When it was stored (its response time). */
  createdAt: number;
  /** When the disk tier counts it expired (Infinity: never). */
  expiresAt: number;
  /** The age it had when it arrived, ms (its Age, or the time since its Date). */
  ageMs?: number;
}

/** When a stored response went stale, and how old it is now. */
function timeline(s: StoredState, cc: Directives, now: number, routeTtlMs: number | undefined): { staleAt: number; age: number } {
  const born = s.createdAt - (s.ageMs ?? 0);
  // A route's ttlMs overrides the server and counts from storage; otherwise staleness counts from
  // the moment the response went stale, which for one that arrived stale is before it was stored.
  const staleAt = routeTtlMs !== undefined ? s.expiresAt : cc.has('no-cache') ? born : born + lifetimeMs(s.headers, s.status, s.createdAt, cc);
  return { staleAt, age: now - born };
}

/**
 * What to do with a stored response: `fresh` (answer it, HIT), `stale` (answer it STALE: the
 * request's max-stale allows it), `swr` (answer it STALE and revalidate in the background, within
 * its stale-while-revalidate window), or `revalidate` (ask the server first).
 */
export type Decision = 'fresh' | 'stale' | 'swr' | 'revalidate';

export function decide(s: StoredState, req: RequestRules, now: number, routeTtlMs?: number): Decision {
  const cc = parseCacheControl(s.headers.get('cache-control'));
  const { staleAt, age } = timeline(s, cc, now, routeTtlMs);
  const fresh = staleAt > now;
  // immutable: a fresh response is not revalidated even when the page asks (a reload).
  if (fresh && cc.has('immutable') && routeTtlMs === undefined) return 'fresh';
  if (req.noCache || (req.maxAgeMs !== undefined && (req.maxAgeMs === 0 || age > req.maxAgeMs))) return 'revalidate';
  if (fresh && (req.minFreshMs === undefined || staleAt - now >= req.minFreshMs)) return 'fresh';
  // Stale (or not fresh enough for min-fresh): served as it is only where something allows it.
  if (routeTtlMs === undefined && (cc.has('must-revalidate') || cc.has('no-cache'))) return 'revalidate';
  const staleness = Math.max(0, now - staleAt);
  if (req.maxStaleMs !== undefined && staleness <= req.maxStaleMs) return 'stale';
  const swr = seconds(cc.get('stale-while-revalidate'));
  return swr !== undefined && staleness <= swr ? 'swr' : 'revalidate';
}

/** Whether a stored response may answer STALE for a server error or network failure: within its stale-if-error window. */
export function staleIfError(s: StoredState, now: number, routeTtlMs?: number): boolean {
  const cc = parseCacheControl(s.headers.get('cache-control'));
  const sie = seconds(cc.get('stale-if-error'));
  return sie !== undefined && now - timeline(s, cc, now, routeTtlMs).staleAt <= sie;
}

/**
 * Which statuses the `http` strategy stores when a route names none (RFC 9111 §3): those
 * heuristically cacheable, and any other final status whose response gives explicit freshness.
 * Never 206 (ranges are not assembled here) or 304 (it refreshes a stored response instead).
 */
export function httpStorable(response: { status: number; headers: HeaderGetter }): boolean {
  const { status, headers } = response;
  if (status === 206 || status === 304 || status < 200 || status > 599) return false;
  if (HEURISTIC_STATUSES.includes(status)) return true;
  const cc = parseCacheControl(headers.get('cache-control'));
  return cc.has('max-age') || cc.has('public') || headers.get('expires') !== null;
}

/** Response headers the rules read: kept whatever a route's storeHeaders says. */
export const RULE_HEADERS: readonly string[] = ['cache-control', 'date', 'expires', 'last-modified', 'etag', 'vary'];

/** Status codes a stale-if-error window covers (RFC 5861 §4). */
export const isServerError = (status: number): boolean => status >= 500 && status <= 599;
