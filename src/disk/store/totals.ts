// The totals record: entries, raw bytes and stored bytes of every record, kept exact by rewriting
// it in the same transaction as every write and delete (read first, written last: overlapping
// readwrite transactions of other tabs and the worker are serialised by IndexedDB).
//
// Over quota, Chromium aborts every transaction that puts anything, however small, but lets
// delete-only transactions through. So eviction during quota recovery deletes the totals record
// along with its victims, and the next transaction that finds it missing recounts from the metas
// (a scan of small records, only after a quota incident or an upgrade).
import type { MetaRecord, StoredTotals, Totals } from '../record.ts';
import { CORRUPT_KEY, DROPPED_KEY, META, STATE, TOTALS_KEY } from './schema.ts';
import { readOnly } from './transaction.ts';

export function zeroTotals(): StoredTotals {
  return { entries: 0, rawBytes: 0, storedBytes: 0 };
}

/** A size field as counted: a tampered or corrupt record's junk counts as 0. */
export function size(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** Adds (1) or takes away (-1) one record. */
export function countRecord(into: StoredTotals, record: MetaRecord, sign: 1 | -1): void {
  into.entries += sign;
  into.rawBytes += sign * size(record.rawBytes);
  into.storedBytes += sign * size(record.storedBytes);
}

/** Recounts from the metas, inside the caller's transaction (issued now, so it sees every request before it). */
export function recount(tx: IDBTransaction, done: (totals: StoredTotals) => void): void {
  const all = tx.objectStore(META).getAll();
  all.onsuccess = () => {
    const totals = zeroTotals();
    for (const record of all.result as MetaRecord[]) countRecord(totals, record, 1);
    done(totals);
  };
}

/** Reads the totals record first thing in a transaction; `then(undefined)` when it is missing (recount at the end). */
export function readBase(state: IDBObjectStore, then: (base: StoredTotals | undefined) => void): void {
  const request = state.get(TOTALS_KEY);
  request.onsuccess = () => {
    const stored = request.result as StoredTotals | undefined;
    then(stored ? { entries: stored.entries, rawBytes: stored.rawBytes, storedBytes: stored.storedBytes } : undefined);
  };
}

/**
 * Writes the totals at the end of a write transaction: `base` plus `delta`, or, with no base to
 * start from, a recount issued now (after every other request). Calls `done` with what it wrote.
 * `deleteOnly` (over quota): deletes the record instead, and the next transaction recounts.
 */
export function writeTotals(tx: IDBTransaction, base: StoredTotals | undefined, delta: StoredTotals, done: (totals: StoredTotals) => void, deleteOnly = false): void {
  const write = (totals: StoredTotals) => {
    storeTotals(tx.objectStore(STATE), totals, deleteOnly);
    done(totals);
  };
  if (!base) return recount(tx, write);
  write({ entries: base.entries + delta.entries, rawBytes: base.rawBytes + delta.rawBytes, storedBytes: base.storedBytes + delta.storedBytes });
}

export function storeTotals(state: IDBObjectStore, totals: StoredTotals, deleteOnly: boolean): void {
  if (deleteOnly) state.delete(TOTALS_KEY);
  else state.put(totals, TOTALS_KEY);
}

/** Adds `n` to a counter kept in `state` (read and written inside the caller's transaction). */
export function addToCounter(state: IDBObjectStore, key: string, n: number): void {
  const request = state.get(key);
  request.onsuccess = () => state.put(size(request.result) + n, key);
}

/** The totals with the corrupt and dropped counts; recounted from the metas when the totals record is missing. */
export function readTotals(db: IDBDatabase): Promise<Totals> {
  return readOnly<Totals>(db, [STATE, META], (tx, resolve) => {
    const state = tx.objectStore(STATE);
    const corrupt = state.get(CORRUPT_KEY);
    const dropped = state.get(DROPPED_KEY);
    readBase(state, (base) => {
      const finish = (totals: StoredTotals) => resolve({ ...totals, corrupt: size(corrupt.result), dropped: size(dropped.result) });
      if (base) finish(base);
      else recount(tx, finish);
    });
  });
}
