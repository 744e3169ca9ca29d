// The strategies over a DiskTierLike. The worker's fetch handler and the page's `cache.fetch`
// (when no worker controls the page) run the same code; storing and finding responses is
// stored.ts, the `http` strategy httpStrategy.ts.
import type { DiskHit } from '../diskContract.ts';
import { UNSAFE_METHODS, requestNotCacheable } from './cacheability.ts';
import { runHttp } from './httpStrategy.ts';
import type { StrategyOptions } from './routes.ts';
import {
  background,
  cachedResponse,
  fetchAndStore,
  invalidate,
  keyOf,
  lookup,
  markMiss,
  refreshInBackground,
  type StrategyContext,
} from './stored.ts';

export type { StrategyContext };

function noResponse(request: Request, why: string): TypeError {
  return new TypeError(`tiercache: no response for ${request.url} (${why})`);
}

/** The stored copy after a network failure, unless the route says `offline: 'fail'`. */
function offlineCopy(hit: DiskHit | undefined, options: StrategyOptions, err: unknown, now: number): Response {
  if (hit && options.offline !== 'fail') return cachedResponse(hit, now);
  throw err;
}

/** Answers a request by strategy. Rejects (as fetch does) when neither cache nor network can answer. */
export async function runStrategy(ctx: StrategyContext, request: Request, options: StrategyOptions): Promise<Response> {
  const strategy = options.strategy;
  if (UNSAFE_METHODS.includes(request.method)) {
    const response = await ctx.fetch(request);
    await invalidate(ctx, request, response);
    return markMiss(response, undefined, strategy === 'network-only' ? undefined : 'method');
  }
  if (strategy === 'network-only') return markMiss(await ctx.fetch(request));
  const notCacheable = requestNotCacheable(request, ctx.origin, options);
  if (notCacheable !== undefined) return markMiss(await ctx.fetch(request), undefined, notCacheable);
  const found = await lookup(ctx, request, await keyOf(request));
  const { hit } = found;

  switch (strategy) {
    case 'http':
      return runHttp(ctx, request, options, found);

    case 'cache-only':
      if (!hit) throw noResponse(request, 'cache-only and nothing stored');
      return cachedResponse(hit, ctx.now());

    case 'cache-first':
      if (hit && !hit.stale) return cachedResponse(hit, ctx.now());
      try {
        return await fetchAndStore(ctx, request, options, found);
      } catch (err) {
        return offlineCopy(hit, options, err, ctx.now());
      }

    case 'stale-while-revalidate':
      if (hit) {
        if (hit.stale) refreshInBackground(ctx, found.key, () => fetchAndStore(ctx, request.clone(), options, found));
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
      } catch (err) {
        return offlineCopy(hit, options, err, ctx.now());
      } finally {
        clearTimeout(timer);
      }
    }
    default:
      throw new TypeError(`unknown strategy ${String(strategy)}`);
  }
}
