// Where a `cache.fetch` answer came from, for the demo's response log. Pure (tested in node).

export type Source = 'memory' | 'disk' | 'network' | 'error';

/**
 * Where a `cache.fetch` answer came from. An `X-Cache-Tier` header says so when present;
 * otherwise X-Cache MISS (or none) is the network, and a cached answer is memory when the
 * page's memory tier counted a hit during the fetch (`memoryHit`), else the disk tier.
 */
export function sourceOf(response: Response, memoryHit: boolean): Source {
  const tier = response.headers.get('x-cache-tier');
  if (tier === 'memory' || tier === 'disk') return tier;
  const xCache = response.headers.get('x-cache');
  if (xCache !== 'HIT' && xCache !== 'STALE') return 'network';
  return memoryHit ? 'memory' : 'disk';
}
