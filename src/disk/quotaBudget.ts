// The effective budget after a QuotaExceededError: a pure function, unit-tested in node.
//
// Chromium's on-disk usage runs well above the stored bytes (LevelDB logs and tables), and deletes
// free nothing until a compaction (their tombstones even add usage). So each later quota error can
// arrive at a lower stored level than the one before; lowering the budget to a fraction of the
// stored bytes every time ratchets it down to a few MiB under a 20 MiB quota. Instead the budget
// is anchored to the highest stored level a quota error has been seen at (the peak): one error
// evicts only a little (room for the failed batch), and however many follow, the budget never
// goes below a fixed share of that peak while writes still get through between errors (failed
// retries in a row, when evicting did free usage, lower the floor step by step). Successful
// writes raise the budget back by what they stored up to the peak, and slowly beyond it.

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
