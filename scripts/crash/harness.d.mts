export interface CrashFailure {
  round: number;
  kind: string;
  [detail: string]: unknown;
}
export interface SeedTotals {
  killPoints: number;
  keysChecked: number;
  confirmedValues: number;
  inFlightOutcomes: number;
  acks: number;
  errors: number;
  evictions: number;
  quotaEvictions: number;
  /** Worker mode: the worker's eviction and fault notes recorded as the worker posted them. */
  workerNotes: number;
  /** Victims recorded by an eviction note ('evi') before their deletes committed (page and worker mode). */
  evictionNotes: number;
  /** Evict events for a key that no earlier note of the session named (an eviction the harness did not hold): 0 when the notes work. */
  unnotedEvictions: number;
  /** Keys found absent that only such a note excuses: their eviction's events never reached the log. */
  notedOnly: number;
  /** Reopens where Chromium found the IndexedDB database corrupt and deleted it (its stderr says so); every key must then read absent. */
  browserDeletions: number;
  /** Keys those deletions took that the checker would otherwise have required (acknowledged values lost with the database). */
  lostToBrowser: number;
  lost: number;
  regressed: number;
  neverWritten: number;
  inconsistent: number;
  failures: CrashFailure[];
}
export function runSeed(options: {
  baseURL: string;
  mode: 'page' | 'worker';
  seed: number;
  kills: number;
  steps?: number;
  /** The kill comes after a random number (1-60) of acknowledgements, or this long after the workload started (default 20000). */
  killWindowMs?: number;
  verbose?: boolean;
  log?: (line: string) => void;
}): Promise<SeedTotals>;
