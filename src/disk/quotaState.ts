// The budget in force and the recovery from QuotaExceededError. Chromium reports no real quota
// (estimate() says usage + 10 GiB): the quota shows only as a transaction aborted with
// QuotaExceededError after its requests succeeded. Recovery lowers the effective budget a little
// (quotaBudget.ts), evicts down to it with delete-only transactions, and retries the batch once.
import { originUsage } from '../storageEstimate.ts';
import { budgetAfterQuota, climbBudget } from './quotaBudget.ts';
import type { CommitResult, WriteOp } from './store/index.ts';

/** The quota hint from estimate() counts at this fraction (Chromium's is usage + 10 GiB anyway). */
const QUOTA_HINT_SHARE = 0.9;
/** After a QuotaExceededError the budget never drops below this (see quotaBudget.ts). */
const MIN_EFFECTIVE_BUDGET = 256 * 1024;

export function isQuotaError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

/** Stored bytes a batch writes. */
export function storedBy(ops: readonly WriteOp[]): number {
  return ops.reduce((sum, op) => sum + (op.type === 'put' ? op.record.storedBytes : 0), 0);
}

export interface Recovery {
  /** Stored bytes now (read from the totals). */
  storedBytes(): Promise<number>;
  /** Evicts down to the (lowered) budget; runs while `overQuota` is true. */
  evict(): Promise<unknown>;
  /** Stores the batch again. */
  retry(): Promise<CommitResult>;
}

export class QuotaState {
  readonly max: number;
  /** The budget in force: lowered after a QuotaExceededError, climbing back as writes succeed. */
  effective: number;
  /** During quota recovery eviction deletes only: a put would be refused. */
  overQuota = false;
  /** Highest stored bytes a QuotaExceededError was seen at: anchors the budget (quotaBudget.ts). */
  #peak = 0;
  /** Failed retries whose eviction freed usage, since a write was last stored. */
  #failures = 0;

  constructor(maxBytes: number) {
    this.max = maxBytes;
    this.effective = maxBytes;
  }

  /** An upper hint from estimate(): the budget never exceeds a share of the reported quota. */
  hint(quota: number | undefined): void {
    if (quota && quota * QUOTA_HINT_SHARE < this.effective) this.effective = Math.floor(quota * QUOTA_HINT_SHARE);
  }

  /** A batch stored `written` bytes: the budget climbs back toward the configured one. */
  stored(written: number): void {
    this.#failures = 0;
    if (written > 0 && this.effective < this.max) this.effective = climbBudget(this.effective, written, this.#peak, this.max);
  }

  /**
   * QuotaExceededError: lower the budget a little below what is stored now (never below a share
   * of the highest level an error came at, so errors do not compound), evict to it, retry once.
   * Resolves the retry's result; rejects when it failed too (the caller keeps the batch in memory).
   */
  async recover(batchBytes: number, io: Recovery): Promise<CommitResult> {
    let freed = true;
    try {
      const next = budgetAfterQuota({
        storedBytes: await io.storedBytes(),
        batchBytes,
        peakBytes: this.#peak,
        maxBytes: this.max,
        minBytes: Math.min(MIN_EFFECTIVE_BUDGET, this.max),
        failedInARow: this.#failures,
      });
      this.effective = next.budget;
      this.#peak = next.peakBytes;
      // Usage is read around the eviction (exact in Chromium; only the quota is not). Measured:
      // with these reads before it, the retry gets through far more often than right after the deletes.
      const before = await originUsage();
      this.overQuota = true;
      try {
        await io.evict();
      } finally {
        this.overQuota = false;
      }
      const after = await originUsage();
      freed = before === undefined || after === undefined || after < before;
      return await io.retry();
    } catch (error) {
      // A deeper eviction next time only if this one freed usage: deletes that free nothing until
      // a compaction (their tombstones even add usage) would only empty the cache.
      if (freed) this.#failures++;
      throw error;
    }
  }
}
