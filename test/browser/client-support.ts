// Shared by the client-* browser tests: unique cache names and a DiskTier factory that counts
// what the TierCache asks of the real disk tier (real IndexedDB underneath).
import { DiskTier } from '../../src/disk/index.ts';
import type { DiskTierOptions } from '../../src/diskContract.ts';

let serial = 0;
export function uniqueName(label: string): string {
  return `c-${label}-${Date.now().toString(36)}-${serial++}`;
}

export class CountingDiskTier extends DiskTier {
  batches = 0;
  sets = 0;
  override batch<T>(fn: () => Promise<T> | T): Promise<T> {
    this.batches++;
    return super.batch(fn);
  }
  override set(...args: Parameters<DiskTier['set']>): ReturnType<DiskTier['set']> {
    this.sets++;
    return super.set(...args);
  }
}

/** An openDisk option that records every tier it opened. */
export function countingOpener(): { openDisk: (o: DiskTierOptions) => CountingDiskTier; tiers: CountingDiskTier[] } {
  const tiers: CountingDiskTier[] = [];
  return {
    tiers,
    openDisk: (o) => {
      const t = new CountingDiskTier(o);
      tiers.push(t);
      return t;
    },
  };
}

export const tick = () => new Promise((r) => setTimeout(r, 0));
