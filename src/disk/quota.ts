// The budget in force and the recovery from QuotaExceededError. Chromium reports no real quota
// (estimate() says usage + 10 GiB): the quota shows only as a transaction aborted with
// QuotaExceededError after its requests succeeded. Recovery lowers the effective budget a little,
// evicts down to it with delete-only transactions, and retries the batch once.
//
// How far the budget drops (budgetAfterQuota, pure, unit-tested in node): Chromium's on-disk usage
// runs well above the stored bytes (LevelDB logs and tables), and deletes free nothing until a
// compaction (their tombstones even add usage), so each later quota error can arrive at a lower
// stored level than the one before; lowering the budget to a fraction of the stored bytes every
// time ratchets it down to a few MiB under a 20 MiB quota. Instead the budget is anchored to the
// highest stored level a quota error has been seen at (the peak): one error evicts only a little
// (room for the failed batch), and however many follow, the budget never goes below a fixed share
// of that peak while writes still get through between errors (failed retries in a row, when
// evicting did free usage, lower the floor step by step). Successful writes raise the budget back
// by what they stored up to the peak, and slowly beyond it (climbBudget).
import { originUsage } from '../storageEstimate.ts';
import type { CommitResult, WriteOp } from './store/index.ts';

/** One quota error evicts at least this share of the stored bytes (plus room for the failed batch). */
export const QUOTA_STEP = 0.05;
/** However many errors follow, the budget stays at or above this share of the peak. */
export const QUOTA_FLOOR = 0.8;

export interface QuotaBudgetInput {
  /** Stored bytes when the error arrived. */
  storedBytes: number;
  /** Stored bytes of the batch that failed. */
  batchBytes: number;
  /** Highest stored level a quota error was seen at before this one (0: none yet). */
  peakBytes: number;
  /** The configured budget (maxBytes): the effective budget never exceeds it. */
  maxBytes: number;
  /** Never below this (one oversized batch is not a reason to empty the cache). */
  minBytes: number;
  /** Failed retries since a write was last stored whose eviction freed usage (each lowers the floor a step). */
  failedInARow: number;
}

export interface QuotaBudget {
  /** The new effective budget: eviction brings stored bytes down to it before the retry. */
  budget: number;
  /** The peak to remember for the next error. */
  peakBytes: number;
}

export function budgetAfterQuota(input: QuotaBudgetInput): QuotaBudget {
  const { storedBytes, batchBytes, maxBytes, minBytes, failedInARow } = input;
  const peakBytes = Math.max(input.peakBytes, storedBytes);
  const step = Math.max(batchBytes, storedBytes * QUOTA_STEP);
  // Errors with no write stored in between: the floor gives way a step at a time (a quota that
  // really shrank, or bursts bigger than a step), so the newest writes still get in eventually.
  const share = QUOTA_FLOOR ** (1 + failedInARow);
  const floor = Math.min(maxBytes, Math.max(minBytes, Math.floor(peakBytes * share)));
  const budget = Math.min(maxBytes, Math.max(floor, Math.floor(storedBytes - step)));
  return { budget, peakBytes };
}

/** Above the peak, the budget climbs by this fraction of what was stored. */
export const CLIMB_ABOVE_PEAK = 0.25;

/**
 * After a successful write of `writtenBytes` stored bytes: the budget climbs back by as much up
 * to the peak (where the quota held before), then by CLIMB_ABOVE_PEAK of it, up to maxBytes.
 */
export function climbBudget(budget: number, writtenBytes: number, peakBytes: number, maxBytes: number): number {
  const full = Math.min(writtenBytes, Math.max(0, peakBytes - budget));
  const slow = (writtenBytes - full) * CLIMB_ABOVE_PEAK;
  return Math.min(maxBytes, Math.ceil(budget + full + slow));
}

/** The quota hint from estimate() counts at this fraction (Chromium's is usage + 10 GiB anyway). */
const QUOTA_HINT_SHARE = 0.9;
/** After a QuotaExceededError the budget never drops below this (see budgetAfterQuota). */
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
  /** Highest stored bytes a QuotaExceededError was seen at: anchors the budget (budgetAfterQuota). */
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
