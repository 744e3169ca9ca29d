// The eviction loop: one pass at a time per tier (a request while one runs queues a single rerun),
// and across tabs and the worker one per cache name (a Web Lock). A pass deletes expired records
// and, over the budget, least recently used ones down to the low-water mark, in bounded batches.
import type { TrimResult } from '../types.ts';
import { evictBatch } from './store/index.ts';
import type { Victim } from './victims.ts';

/** Victims per eviction transaction: bounds how long one batch holds the store. */
const EVICT_BATCH = 2000;

export interface EvictorOptions {
  name: string;
  now: () => number;
  lowWater: number;
  connection(): Promise<IDBDatabase | undefined>;
  /** The budget now; `overQuota` during quota recovery (see quota.ts). */
  budget(): { effective: number; max: number; overQuota: boolean };
  /** Runs first in each pass: last-access order must be current before choosing victims. */
  beforePass(db: IDBDatabase): Promise<void>;
  onVictim(victim: Victim): void;
}

export function emptyTrim(): TrimResult {
  return { evicted: 0, freedBytes: 0, byReason: {} };
}

export class Evictor {
  readonly #o: EvictorOptions;
  #running: Promise<TrimResult> | undefined;
  #again = false;
  #purge = false;

  constructor(options: EvictorOptions) {
    this.#o = options;
  }

  /** Runs a pass (with `purgeExpired`, every expired record goes too); joins the one running, with a rerun. */
  run(purgeExpired: boolean): Promise<TrimResult> {
    this.#purge ||= purgeExpired;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      const total = emptyTrim();
      try {
        do {
          this.#again = false;
          const purge = this.#purge;
          this.#purge = false;
          await this.#withLock(() => this.#pass(purge, total));
        } while (this.#again);
      } finally {
        this.#running = undefined;
      }
      return total;
    })();
    return this.#running;
  }

  /** Without `navigator.locks`, the one-pass-at-a-time rule holds in this context only. */
  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
    if (!locks) return fn();
    return locks.request(`tiercache:evict:${this.#o.name}`, fn) as Promise<T>;
  }

  /** One pass; adds what it evicted to `result`. */
  async #pass(purgeExpired: boolean, result: TrimResult): Promise<void> {
    const db = await this.#o.connection();
    if (!db) return;
    await this.#o.beforePass(db);
    const { effective, max, overQuota } = this.#o.budget();
    // Quota recovery evicts only down to the budget: every delete adds usage until a compaction.
    const target = overQuota ? effective : Math.floor(effective * this.#o.lowWater);
    let trigger = effective;
    for (;;) {
      const batch = await evictBatch(db, {
        now: this.#o.now(),
        triggerBytes: trigger,
        targetBytes: target,
        limit: EVICT_BATCH,
        purgeExpired,
        deleteOnly: overQuota,
        // Over a budget that a QuotaExceededError lowered: the quota is the reason.
        spaceReason: effective < max ? 'quota' : 'budget',
      });
      trigger = target;
      for (const victim of batch.victims) {
        result.evicted++;
        result.freedBytes += victim.bytes;
        result.byReason[victim.reason] = (result.byReason[victim.reason] ?? 0) + 1;
        this.#o.onVictim(victim);
      }
      if (!batch.more) return;
    }
  }
}
