// How the store opens transactions: one helper for every write transaction, one for reads.
// Hot paths use raw requests on the unwrapped connection: one promise per transaction instead of
// one per request, and no request promise left to reject unhandled when a transaction aborts.
//
// Only `oncomplete` means stored: a QuotaExceededError arrives as an abort after every request
// succeeded. Never await anything but this transaction's own requests while it is open: a timer
// or a CompressionStream in between lets it commit (or, in Chromium, kills it).
import { ALL_STORES, BODIES, META, STATE } from './schema.ts';

export interface WriteTransaction {
  tx: IDBTransaction;
  meta: IDBObjectStore;
  bodies: IDBObjectStore;
  state: IDBObjectStore;
  /** Resolves on complete; rejects with the transaction's error (QuotaExceededError…) on abort. */
  done: Promise<void>;
}

export function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/** A readwrite transaction over every store, durability 'relaxed' (the cache can lose the last writes in a power cut, never their consistency). */
export function writeTransaction(db: IDBDatabase): WriteTransaction {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  return { tx, meta: tx.objectStore(META), bodies: tx.objectStore(BODIES), state: tx.objectStore(STATE), done };
}

/**
 * A read in its own readonly transaction, settled by the read itself: a read's result is final
 * when it succeeds, so waiting for the transaction to complete as well would only add a round trip
 * to the backend (~0.1–0.2 ms of a 0.3–0.5 ms get here). `read` issues the requests and calls `resolve`.
 */
export function readOnly<T>(db: IDBDatabase, stores: string | string[], read: (tx: IDBTransaction, resolve: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, 'readonly');
    // A request's error also aborts the transaction: reject once, with the most precise error.
    tx.onerror = (event) => {
      event.preventDefault();
      reject((event.target as IDBRequest).error ?? new DOMException('The read failed', 'UnknownError'));
    };
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
    read(tx, resolve);
  });
}
