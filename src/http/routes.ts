// Route options and matching. Validated once, at serveCache(); matching is pure.
import { checkTtlMs } from '../ttl.ts';
import { checkKnownKeys } from '../optionKeys.ts';
import { STRATEGIES, type Strategy } from '../types.ts';
import type { CacheabilityOptions } from './cacheability.ts';

/** A path prefix (same origin), a RegExp tested on the full URL, or a predicate. */
export type RouteMatch = string | RegExp | ((url: URL, request: Request) => boolean);

export interface StrategyOptions extends CacheabilityOptions {
  strategy: Strategy;
  /** network-first: answer from the cache when the network has not answered within this many ms. */
  timeoutMs?: number;
  /** Freshness of stored responses in ms (>= 0, Infinity = never expires). Omitted: the response's own (max-age, Expires, heuristic; src/http/freshness.ts), else stale at once. */
  ttlMs?: number;
  /**
   * http, cache-first, network-first: when the network is unreachable, 'serve' (default) answers
   * with the stored response, STALE, whatever its headers say; 'fail' rejects as fetch does
   * (http: unless within the response's stale-if-error).
   */
  offline?: 'serve' | 'fail';
}

export interface Route extends StrategyOptions {
  match: RouteMatch;
}

const ROUTE_KEYS = ['match', 'strategy', 'timeoutMs', 'ttlMs', 'allowAuthorized', 'allowNoStore', 'allowCrossOrigin', 'cacheableStatuses', 'storeHeaders', 'offline'];

/** The strategies that fall back to the stored response when the network fails, where `offline` applies. */
const OFFLINE_STRATEGIES = ['http', 'cache-first', 'network-first'];

function checkNonNegative(value: unknown, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${what} must be a number, got ${String(value)}`);
  if (value < 0 || !Number.isFinite(value)) throw new RangeError(`${what} must be a finite number >= 0, got ${value}`);
}

/** Throws a precise TypeError/RangeError for a malformed strategy option set. */
export function validateStrategyOptions(options: Partial<StrategyOptions>, where: string): void {
  if (!STRATEGIES.includes(options.strategy as Strategy)) {
    throw new TypeError(`${where}.strategy must be one of ${STRATEGIES.join(', ')}, got ${String(options.strategy)}`);
  }
  checkNonNegative(options.timeoutMs, `${where}.timeoutMs`);
  checkTtlMs(options.ttlMs, `${where}.ttlMs`);
  const offline: unknown = options.offline;
  if (offline !== undefined) {
    if (typeof offline !== 'string') throw new TypeError(`${where}.offline must be 'serve' or 'fail', got ${offline === null ? 'null' : typeof offline}`);
    if (offline !== 'serve' && offline !== 'fail') throw new RangeError(`${where}.offline must be 'serve' or 'fail', got '${offline}'`);
    if (!OFFLINE_STRATEGIES.includes(options.strategy!)) {
      throw new TypeError(`${where}.offline applies to the ${OFFLINE_STRATEGIES.join(', ')} strategies, not ${options.strategy}`);
    }
  }
  for (const flag of ['allowAuthorized', 'allowNoStore', 'allowCrossOrigin'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
      throw new TypeError(`${where}.${flag} must be a boolean`);
    }
  }
  if (options.cacheableStatuses !== undefined) {
    const s = options.cacheableStatuses;
    if (!Array.isArray(s) || !s.every((n) => Number.isInteger(n) && n >= 200 && n <= 599)) {
      throw new TypeError(`${where}.cacheableStatuses must be an array of HTTP statuses (200-599)`);
    }
  }
  if (options.storeHeaders !== undefined) {
    const h = options.storeHeaders;
    if (!Array.isArray(h) || !h.every((name) => typeof name === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))) {
      throw new TypeError(`${where}.storeHeaders must be an array of header names`);
    }
  }
}

/** Validates routes (TypeError for a malformed match or an unknown strategy) and copies them. */
export function validateRoutes(routes: unknown): Route[] {
  if (!Array.isArray(routes)) throw new TypeError('routes must be an array of { match, strategy, ... }');
  return routes.map((route: unknown, i) => {
    const where = `routes[${i}]`;
    if (typeof route !== 'object' || route === null) throw new TypeError(`${where} must be an object`);
    checkKnownKeys(route, ROUTE_KEYS, `serveCache ${where}`);
    const r = route as Partial<Route>;
    const m = r.match;
    if (typeof m === 'string') {
      if (!m.startsWith('/')) throw new TypeError(`${where}.match must be a path prefix starting with '/', got '${m}'`);
    } else if (!(m instanceof RegExp) && typeof m !== 'function') {
      throw new TypeError(`${where}.match must be a path prefix string, a RegExp or a function (url, request) => boolean`);
    }
    validateStrategyOptions(r, where);
    return { ...r } as Route;
  });
}

/** The first route matching the request, or undefined. A string prefix only matches same-origin URLs. */
export function matchRoute(routes: readonly Route[], url: URL, request: Request, origin: string): Route | undefined {
  for (const route of routes) {
    const m = route.match;
    if (typeof m === 'string') {
      if (url.origin === origin && url.pathname.startsWith(m)) return route;
    } else if (m instanceof RegExp) {
      m.lastIndex = 0;
      if (m.test(url.href)) return route;
    } else if (m(url, request)) {
      return route;
    }
  }
  return undefined;
}
