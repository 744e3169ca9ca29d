// Applying a batch of write ops in one transaction, with the totals kept exact.
import { sameWrite, type EntryRecord, type MetaRecord, type StoredTotals } from '../record.ts';
import { CORRUPT_KEY, storedBody } from './schema.ts';
import { addToCounter, countRecord, readBase, writeTotals, zeroTotals } from './totals.ts';
import { writeTransaction, type WriteTransaction } from './transaction.ts';

/** One mutation in a write batch; applied in order inside one transaction. */
export type WriteOp =
  | { type: 'put'; key: string; record: EntryRecord }
  | { type: 'delete'; key: string }
  /** Delete a corrupt record (counted), unless a newer write than `expect` replaced it meanwhile. */
  | { type: 'drop'; key: string; expect?: MetaRecord }
  /** Coalesced last-access update from reads. */
  | { type: 'touch'; key: string; at: number }
  | { type: 'clear' };

export interface CommitResult {
  /** Per op: put → true; delete → whether the key existed; drop/touch → whether applied; clear → true. */
  results: boolean[];
  totals: StoredTotals;
}

/**
 * Applies `ops` in one readwrite transaction. Puts and deletes are issued at once, so the backend
 * works on them while the caller compresses the next batch; each learns the old record's sizes
 * from a read issued just before it (requests run in order). Touches and corrupt-record drops
 * depend on what is stored, so they write from a callback, and only when no later op in the batch
 * has their key (nor a later clear), which their late write would undo. The totals record is read
 * first and rewritten last (`deleteOnly`, for deletes and clears over quota: deleted, see totals.ts).
 * Resolves once the transaction completed; rejects with its error.
 */
export function commit(db: IDBDatabase, ops: readonly WriteOp[], deleteOnly = false): Promise<CommitResult> {
  return new Batch(writeTransaction(db), ops, deleteOnly).result;
}

class Batch {
  readonly result: Promise<CommitResult>;
  readonly #w: WriteTransaction;
  readonly #results: boolean[];
  /** What this batch adds to the totals read at its start (after a clear: to zero). */
  #delta = zeroTotals();
  #base: StoredTotals | undefined;
  #totals = zeroTotals();
  #drops = 0;
  readonly #deleteOnly: boolean;
  /** Answers still to come: the totals read, then one per op. */
  #pending: number;

  constructor(w: WriteTransaction, ops: readonly WriteOp[], deleteOnly: boolean) {
    this.#w = w;
    this.#deleteOnly = deleteOnly;
    this.#results = new Array<boolean>(ops.length).fill(false);
    this.#pending = ops.length + 1;
    readBase(w.state, (base) => {
      this.#base = base;
      this.#settle();
    });
    const last = new Map<string, number>();
    let lastClear = -1;
    ops.forEach((op, i) => (op.type === 'clear' ? (lastClear = i) : last.set(op.key, i)));
    ops.forEach((op, i) => {
      if (op.type === 'clear') return this.#clear(i);
      const final = last.get(op.key) === i && lastClear < i;
      if (op.type === 'put') return this.#put(op, i, final);
      if (op.type === 'delete') return this.#delete(op.key, i);
      if (op.type === 'touch') return this.#touch(op, i, final);
      this.#drop(op, i, final);
    });
    this.result = w.done.then(() => ({ results: this.#results, totals: this.#totals }));
  }

  #settle(): void {
    if (--this.#pending > 0) return;
    if (this.#drops > 0 && !this.#deleteOnly) addToCounter(this.#w.state, CORRUPT_KEY, this.#drops);
    writeTotals(this.#w.tx, this.#base, this.#delta, (totals) => (this.#totals = totals), this.#deleteOnly);
  }

  /** Counts op `i` done: `old` (the record it replaced or removed) out, `added` in. */
  #count(i: number, ok: boolean, old: MetaRecord | undefined, added?: MetaRecord): void {
    if (old) countRecord(this.#delta, old, -1);
    if (added) countRecord(this.#delta, added, 1);
    this.#results[i] = ok;
    this.#settle();
  }

  #put(op: Extract<WriteOp, { type: 'put' }>, i: number, final: boolean): void {
    const { meta, bodies } = this.#w;
    const { body, ...record } = op.record;
    if (final) {
      // The last op on its key: add() the meta, which needs no read when the key is new (the
      // common case); only when it exists, read its old sizes and overwrite. The fallback is
      // issued from the error callback, after every other op: safe because none has this key.
      const added = meta.add(record);
      bodies.put(storedBody(body), op.key);
      added.onsuccess = () => this.#count(i, true, undefined, record);
      added.onerror = (event) => {
        if (added.error?.name !== 'ConstraintError') return; // anything else aborts the transaction
        event.preventDefault();
        const existing = meta.get(op.key);
        existing.onsuccess = () => {
          meta.put(record);
          this.#count(i, true, existing.result as MetaRecord | undefined, record);
        };
      };
      return;
    }
    const existing = meta.get(op.key);
    meta.put(record);
    bodies.put(storedBody(body), op.key);
    existing.onsuccess = () => this.#count(i, true, existing.result as MetaRecord | undefined, record);
  }

  #delete(key: string, i: number): void {
    const existing = this.#w.meta.get(key);
    this.#w.meta.delete(key);
    this.#w.bodies.delete(key);
    existing.onsuccess = () => {
      const old = existing.result as MetaRecord | undefined;
      this.#count(i, old !== undefined, old);
    };
  }

  #touch(op: Extract<WriteOp, { type: 'touch' }>, i: number, final: boolean): void {
    const existing = this.#w.meta.get(op.key);
    existing.onsuccess = () => {
      const record = existing.result as MetaRecord | undefined;
      const apply = final && record !== undefined && op.at > record.lastAccess;
      if (apply) this.#w.meta.put({ ...record, lastAccess: op.at });
      this.#count(i, apply, undefined);
    };
  }

  #drop(op: Extract<WriteOp, { type: 'drop' }>, i: number, final: boolean): void {
    const existing = this.#w.meta.get(op.key);
    existing.onsuccess = () => {
      const record = existing.result as MetaRecord | undefined;
      // Skipped when a newer write replaced the corrupt one, or an earlier drop already removed it.
      const apply = final && !(op.expect && (!record || !sameWrite(record, op.expect)));
      if (!apply) return this.#count(i, false, undefined);
      this.#w.bodies.delete(op.key); // also removes an orphan body that no meta counts
      if (record) this.#w.meta.delete(op.key);
      this.#drops++;
      this.#count(i, true, record);
    };
  }

  #clear(i: number): void {
    this.#w.meta.clear();
    const cleared = this.#w.bodies.clear();
    cleared.onsuccess = () => {
      // Every op before the clear has been answered (requests run in order): start from zero.
      this.#base = zeroTotals();
      this.#delta = zeroTotals();
      this.#results[i] = true;
      this.#settle();
    };
  }
}
