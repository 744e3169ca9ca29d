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
  /** The kill comes at a random moment between 500 ms and this long after the workload started (default 6000). */
  killWindowMs?: number;
  verbose?: boolean;
  log?: (line: string) => void;
}): Promise<SeedTotals>;
