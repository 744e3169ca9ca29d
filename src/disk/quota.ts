// The budget in force and the recovery from QuotaExceededError. Chromium reports no real quota
// (estimate() says usage + 10 GiB): it shows only as a transaction aborted with QuotaExceededError
// after its requests succeeded. Recovery lowers the effective budget a step below the stored
// bytes, evicts down to it with delete-only transactions, and retries the batch once.
//
// The model (bench:capacity and bench:idb-overhead, 20 MiB quota, Chromium 150). Usage is the size
// of the files: one per Blob body (BLOB_BODY_BYTES in store/schema.ts), freed with its record, and
// LevelDB's: a log of every write (3.6 KB per put of a meta and a Blob, 1.4 KB of it a 52-char
// key's copies) that grows to ~3 MiB before it is flushed into tables, which give deleted bytes
// back only at a compaction (0.4-1.9 MiB for 1,400-1,500 entries). So the room for bodies moves by
// ~3 MiB as the log fills and empties: errors come as it grows, each evicting a step, and the budget
// climbs back with the writes stored after a flush (a fill ends with 15.2-17.4 MiB of bodies).
// With bodies inline, usage ran to 2-3x the stored bytes while eviction deleted records. The budget
// is anchored to the highest stored level an error came at (the peak) and stays at or above
// QUOTA_FLOOR of it; only failed retries in a row while usage is near the stored bytes (a quota
// that shrank, not BACKLOG_RATIO of unreclaimed space) lower that floor.
import type { CommitResult, WriteOp } from './store/index.ts';

/** One quota error evicts at least this share of the stored bytes (plus room for the failed batch). */
export const QUOTA_STEP = 0.02;
/** However many errors follow, the budget stays at or above this share of the peak. */
export const QUOTA_FLOOR = 0.8;

export interface QuotaBudgetInput {
  storedBytes: number; // when the error arrived
  batchBytes: number; // stored bytes of the batch that failed
  /** Highest stored level a quota error was seen at before this one (0: none yet). */
  peakBytes: number;
  maxBytes: number; // the configured budget: the effective one never exceeds it
  minBytes: number; // never below this (one oversized batch is not a reason to empty the cache)
  /** Failed retries since a write was last stored whose eviction freed usage (each lowers the floor a step). */
  failedInARow: number;
  settled: number; // the budget the previous error set, if its retry got through (else 0)
}

/** The new effective budget (eviction brings stored bytes down to it before the retry) and the peak to remember. */
export function budgetAfterQuota(input: QuotaBudgetInput): { budget: number; peakBytes: number } {
  const { storedBytes, batchBytes, maxBytes, minBytes, failedInARow } = input;
  const peakBytes = Math.max(input.peakBytes, storedBytes);
  // At or under the budget an error just set (a batch sent before that eviction made room, or
  // before the browser counted it; measured: 3-4 errors a second, each 2% lower): room for it only.
  const step = storedBytes <= input.settled ? batchBytes : Math.max(batchBytes, storedBytes * QUOTA_STEP * (1 + failedInARow));
  // Failed retries in a row (a quota that shrank, bursts bigger than a step): the floor gives way.
  const share = QUOTA_FLOOR ** (1 + failedInARow);
  const floor = Math.min(maxBytes, Math.max(minBytes, Math.floor(peakBytes * share)));
  const budget = Math.min(maxBytes, Math.max(floor, Math.floor(storedBytes - step)));
  return { budget, peakBytes };
}

/** Above the peak, the budget climbs by this fraction of what was stored. */
export const CLIMB_ABOVE_PEAK = 0.25;

/** After a write stored `writtenBytes`: the budget climbs by as much up to the peak, then by CLIMB_ABOVE_PEAK of it, up to maxBytes. */
export function climbBudget(budget: number, writtenBytes: number, peakBytes: number, maxBytes: number): number {
  const full = Math.min(writtenBytes, Math.max(0, peakBytes - budget));
  const slow = (writtenBytes - full) * CLIMB_ABOVE_PEAK;
  return Math.min(maxBytes, Math.ceil(budget + full + slow));
}

/** Usage above this many times the stored bytes is mostly space Chromium has not reclaimed yet (see the model above). */
const BACKLOG_RATIO = 1.6;
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
  storedBytes(): Promise<number>; // read from the totals
  usage(): Promise<number | undefined>; // the origin's (undefined where the platform does not say)
  evict(): Promise<unknown>; // down to the lowered budget; runs while `overQuota` is true
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
  /** The budget the last error set, while its retry got through. */
  #settled = 0;

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
   * QuotaExceededError: lower the budget a step below what is stored now (see budgetAfterQuota),
   * evict to it, retry once. Rejects when the retry failed too (the caller keeps the batch in memory).
   */
  async recover(batchBytes: number, io: Recovery): Promise<CommitResult> {
    const storedBytes = await io.storedBytes();
    const before = await io.usage();
    const backlog = before !== undefined && before > storedBytes * BACKLOG_RATIO;
    let freed = true;
    try {
      const next = budgetAfterQuota({
        storedBytes,
        batchBytes,
        peakBytes: this.#peak,
        maxBytes: this.max,
        minBytes: Math.min(MIN_EFFECTIVE_BUDGET, this.max),
        failedInARow: backlog ? 0 : this.#failures,
        settled: this.#settled,
      });
      this.effective = next.budget;
      this.#peak = next.peakBytes;
      // Usage is read around the eviction (exact in Chromium; only the quota is not). Measured:
      // with these reads before it, the retry gets through far more often than right after the deletes.
      this.overQuota = true;
      try {
        await io.evict();
      } finally {
        this.overQuota = false;
      }
      const after = await io.usage();
      freed = before === undefined || after === undefined || after < before;
      const result = await io.retry();
      this.#settled = this.effective;
      return result;
    } catch (error) {
      this.#settled = 0;
      // A deeper eviction next time only if this one freed usage and no backlog fills the quota.
      if (freed && !backlog) this.#failures++;
      throw error;
    }
  }
}
