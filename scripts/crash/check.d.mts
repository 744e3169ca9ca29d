export interface History {
  keys: Map<string, unknown[]>;
  seq: number;
  sets: Map<number, { key: string; size: number; seq: number }>;
}
export interface CheckFailure {
  kind: string;
  key?: string;
  [detail: string]: unknown;
}
export function newHistory(): History;
export function addSession(history: History, events: Record<string, unknown>[], allKeys: string[]): void;
export function checkReads(
  history: History,
  reads: Record<string, string | null>,
  reopenEvicted?: Set<string>,
): {
  checked: number;
  confirmedValues: number;
  inFlightOutcomes: number;
  /** Absent keys that only an eviction note ('evi') excuses: their evict events never reached the log. */
  notedOnly: number;
  failures: CheckFailure[];
};
export function evictedKeys(events: Record<string, unknown>[]): Set<string>;
export function rebase(history: History, reads: Record<string, string | null>, evicted?: Set<string>): void;
export function checkScan(
  stats: { entries: number; rawBytes: number; storedBytes: number },
  scan: { records: { key: string; rawBytes: number; storedBytes: number }[]; bodyBytes: Record<string, number> },
  budget: number,
): CheckFailure[];
