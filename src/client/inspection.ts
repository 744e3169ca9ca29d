// stats() and inspect() of a TierCache: what both tiers hold, read without changing anything.
import type { DiskRecordInfo, DiskTierStats } from '../diskContract.ts';
import type { MemoryLruCore } from '../lru/MemoryLru.ts';
import { storageEstimate } from '../storageEstimate.ts';
import type { CacheStats, DiskMode, InspectResult } from '../types.ts';
import type { DiskLink } from './diskLink.ts';

export interface InspectionContext {
  memory: MemoryLruCore<unknown>;
  link: DiskLink | undefined;
  mode: DiskMode;
  onError: (err: unknown) => void;
}

const ZERO_DISK = { entries: 0, rawBytes: 0, storedBytes: 0, hits: 0, misses: 0, evictions: 0 };

async function diskStats(ctx: InspectionContext): Promise<DiskTierStats | undefined> {
  if (!ctx.link) return undefined;
  try {
    return await ctx.link.run((d) => d.stats());
  } catch (err) {
    ctx.onError(err);
    return undefined;
  }
}

export async function cacheStats(ctx: InspectionContext): Promise<CacheStats> {
  const m = ctx.memory.stats();
  const memory = { entries: m.entries, bytes: m.bytes, hits: m.hits, misses: m.misses, evictions: m.evictions };
  const disk = await diskStats(ctx);
  if (disk) {
    const { entries, rawBytes, storedBytes, hits, misses, evictions, quota } = disk;
    return { memory, disk: { entries, rawBytes, storedBytes, hits, misses, evictions }, quota };
  }
  return { memory, disk: { ...ZERO_DISK }, quota: await storageEstimate() };
}

export async function inspectTiers(ctx: InspectionContext, options: { limit?: number }): Promise<InspectResult> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let entries: DiskRecordInfo[] = [];
  let stats: DiskTierStats | undefined;
  const link = ctx.link;
  if (link) {
    try {
      [entries, stats] = await link.run((d) => Promise.all([d.list(limit), d.stats()]));
    } catch (err) {
      ctx.onError(err);
    }
  }
  const memory = ctx.memory;
  return {
    mode: ctx.mode,
    controlled: link?.controlled ?? false,
    memory: { entries: memory.inspect(limit), maxEntries: memory.maxEntries, maxBytes: memory.maxBytes },
    disk: { entries, budget: stats?.budget ?? 0, effectiveBudget: stats?.effectiveBudget ?? 0, corrupt: stats?.corrupt ?? 0 },
  };
}
