// trim() of a TierCache: the disk tier's eviction pass now, and the memory entries past their TTL.
import type { TrimResult } from '../types.ts';
import type { InspectionContext } from './inspection.ts';

export async function trimTiers(ctx: Omit<InspectionContext, 'mode'>): Promise<TrimResult> {
  const memoryExpired = ctx.memory.purgeStale();
  let result: TrimResult = { evicted: 0, freedBytes: 0, byReason: {} };
  const link = ctx.link;
  if (link) {
    try {
      result = await link.run((d) => d.trim());
    } catch (err) {
      ctx.onError(err);
    }
  }
  if (memoryExpired > 0) {
    result.evicted += memoryExpired;
    result.byReason.ttl = (result.byReason.ttl ?? 0) + memoryExpired;
  }
  return result;
}
