// cache.fetch's per-call options, carried to the worker with the request. With a worker in
// control the page's fetch goes through the worker's fetch handler; without this, the route
// matching the URL would decide the strategy and the page's `strategy: 'cache-only'` would be
// ignored. The header names the page cache, whose database the worker then runs the strategy on:
// the same database page mode uses, so a cache.fetch answer is found in either mode. The worker
// removes the header before anything reaches the network.
import { validateStrategyOptions, type StrategyOptions } from './routes.ts';

export const CARRY_HEADER = 'X-Tiercache-Fetch';

export interface Carried {
  /** The page cache's name: its database holds the responses. */
  name: string;
  options: StrategyOptions;
}

/** The request with the options in its CARRY_HEADER (Infinity survives as the string 'Infinity'). */
export function carryOptions(request: Request, carried: Carried): Request {
  const headers = new Headers(request.headers);
  const json = JSON.stringify(carried, (_key, value: unknown) => (value === Infinity ? 'Infinity' : value));
  headers.set(CARRY_HEADER, encodeURIComponent(json));
  return new Request(request, { headers });
}

/**
 * The carried options and the request without the header; undefined when the request carries
 * none or a malformed one (then it is routed as any request, the header removed all the same).
 */
export function takeCarried(request: Request, namePattern: RegExp): { carried: Carried | undefined; request: Request } | undefined {
  const raw = request.headers.get(CARRY_HEADER);
  if (raw === null) return undefined;
  const headers = new Headers(request.headers);
  headers.delete(CARRY_HEADER);
  const stripped = new Request(request, { headers });
  try {
    const parsed = JSON.parse(decodeURIComponent(raw), (_key, value: unknown) => (value === 'Infinity' ? Infinity : value)) as Partial<Carried>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.name !== 'string' || !namePattern.test(parsed.name)) throw new TypeError('name');
    const options = { ...parsed.options } as StrategyOptions;
    validateStrategyOptions(options, 'carried');
    return { carried: { name: parsed.name, options }, request: stripped };
  } catch {
    return { carried: undefined, request: stripped };
  }
}
