// One bounded eviction batch: choose victims from the indexes, delete them, rewrite the totals.
import type { MetaRecord, StoredTotals } from '../record.ts';
import { chooseVictims, compareKeys, type Victim } from '../victims.ts';
import { countRecord, readBase, recount, storeTotals } from './totals.ts';
import { writeTransaction, type WriteTransaction } from './transaction.ts';

export interface EvictBatchOptions {
  now: number;
  /** Evict only when stored bytes are above this (the budget)… */
  triggerBytes: number;
  /** …and then until they are at most this (the low-water mark). */
  targetBytes: number;
  /** Victims per transaction. */
  limit: number;
  purgeExpired: boolean;
  spaceReason: 'budget' | 'quota';
  /** Over quota: delete the totals record instead of rewriting it (see totals.ts). */
  deleteOnly: boolean;
}

export interface EvictBatchResult {
  victims: Victim[];
  totals: StoredTotals;
  /** True when this batch was full, or stored bytes are still over the target: run another. */
  more: boolean;
}

/**
 * One eviction batch in one readwrite transaction: reads the totals, the earliest-expiring and
 * least-recently-accessed metas through their indexes (never bodies), lets `chooseVictims` pick,
 * deletes them and rewrites the totals.
 */
export function evictBatch(db: IDBDatabase, options: EvictBatchOptions): Promise<EvictBatchResult> {
  const w = writeTransaction(db);
  let totals: StoredTotals = { entries: 0, rawBytes: 0, storedBytes: 0 };
  let victims: Victim[] = [];
  readBase(w.state, (base) => {
    const start = (found: StoredTotals) => {
      totals = found;
      readCandidates(w, totals, options, (candidates, bytesToFree) => {
        victims = chooseVictims(candidates, { ...options, bytesToFree });
        deleteVictims(w, victims, candidates, totals, options.deleteOnly);
      });
    };
    if (base) start(base);
    else recount(w.tx, start);
  });
  return w.done.then(() => ({
    victims,
    totals,
    more: victims.length >= options.limit || (victims.length > 0 && totals.storedBytes > options.targetBytes),
  }));
}

/** The expired metas, then (when they free too little) the least recently accessed ones. */
function readCandidates(w: WriteTransaction, totals: StoredTotals, options: EvictBatchOptions, then: (candidates: MetaRecord[], bytesToFree: number) => void): void {
  const { now, limit, purgeExpired, triggerBytes, targetBytes } = options;
  const bytesToFree = totals.storedBytes > triggerBytes ? totals.storedBytes - targetBytes : 0;
  if (bytesToFree === 0 && !purgeExpired) return;
  const expired = w.meta.index('expiresAt').getAll(IDBKeyRange.upperBound(now), limit);
  expired.onsuccess = () => {
    const candidates = expired.result as MetaRecord[];
    const expiredBytes = candidates.reduce((sum, c) => sum + c.storedBytes, 0);
    if (expiredBytes >= bytesToFree || candidates.length >= limit) return then(candidates, bytesToFree);
    const lru = w.meta.index('lastAccess').getAll(null, limit);
    lru.onsuccess = () => then(candidates.concat(lru.result as MetaRecord[]), bytesToFree);
  };
}

/**
 * Deleting is ~0.15 ms per request here, mostly per-request overhead: victims that are neighbours
 * in key order go as one range delete. Reads at most 8 keys per victim to find out.
 */
function deleteVictims(w: WriteTransaction, victims: Victim[], candidates: MetaRecord[], totals: StoredTotals, deleteOnly: boolean): void {
  if (victims.length === 0) return;
  const remove = (runs: KeyRun[]) => {
    for (const [first, last] of runs) {
      const target = first === last ? first : IDBKeyRange.bound(first, last);
      w.meta.delete(target);
      w.bodies.delete(target);
    }
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    for (const victim of victims) countRecord(totals, byKey.get(victim.key)!, -1);
    storeTotals(w.state, totals, deleteOnly);
  };
  const sorted = victims.map((v) => v.key).sort(compareKeys);
  if (sorted.length < 2) return remove(sorted.map((k) => [k, k]));
  const span = w.meta.getAllKeys(IDBKeyRange.bound(sorted[0]!, sorted.at(-1)!), sorted.length * 8);
  span.onsuccess = () => remove(keyRuns(sorted, span.result as string[]));
}

type KeyRun = [first: string, last: string];

/**
 * Groups `victims` (sorted) into runs with no other stored key between them, given the stored
 * keys from the first victim on (`stored`, sorted, possibly a prefix). Victims past the end of
 * `stored` become single-key runs. Exported for tests.
 */
export function keyRuns(victims: readonly string[], stored: readonly string[]): KeyRun[] {
  const runs: KeyRun[] = [];
  let v = 0;
  let run: KeyRun | undefined;
  for (const key of stored) {
    if (v >= victims.length) break;
    if (key === victims[v]) {
      if (run) run[1] = key;
      else run = [key, key];
      v++;
    } else if (run) {
      runs.push(run);
      run = undefined;
    }
  }
  if (run) runs.push(run);
  for (; v < victims.length; v++) runs.push([victims[v]!, victims[v]!]);
  return runs;
}
