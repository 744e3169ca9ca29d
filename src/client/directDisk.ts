// The page's own disk tier behind the DiskPort a TierCache calls: loaded with it (pageModules.ts),
// only when no worker answers.
import type { DiskHit, DiskRecordInfo, DiskTierLike, DiskTierStats } from '../diskContract.ts';
import type { TrimResult } from '../types.ts';
import { entryOptions, type SetEntry } from '../wire/protocol.ts';
import type { DiskPort } from './workerDisk.ts';

/** A DiskTier the page opened itself (no controlling worker). */
export class DirectDisk implements DiskPort {
  readonly kind = 'page' as const;
  readonly tier: DiskTierLike;
  constructor(tier: DiskTierLike) {
    this.tier = tier;
  }
  get(key: string, allowStale: boolean): Promise<DiskHit | undefined> {
    return this.tier.get(key, { allowStale });
  }
  async setMany(entries: SetEntry[]): Promise<boolean[]> {
    let writes: Promise<boolean>[] = [];
    await this.tier.batch(() => {
      writes = entries.map((e) => this.tier.set(e.key, e.value, entryOptions(e)));
    });
    return Promise.all(writes);
  }
  delete(key: string): Promise<boolean> {
    return this.tier.delete(key);
  }
  clear(shred?: boolean): Promise<void> {
    return this.tier.clear({ shred });
  }
  list(limit: number): Promise<DiskRecordInfo[]> {
    return this.tier.list({ limit });
  }
  trim(): Promise<TrimResult> {
    return this.tier.trim();
  }
  stats(): Promise<DiskTierStats> {
    return this.tier.stats();
  }
}
