// The storage model: the only file that knows the IndexedDB schema and calls openDB.
// Hot paths use raw requests on the unwrapped connection: one promise per transaction instead of
// one per request, and no request promise left to reject unhandled when a transaction aborts.
//
// Schema (version 1), one database per cache name (`databaseName(name)`):
//   meta    keyPath 'key'  MetaRecord; indexes 'lastAccess', 'expiresAt' (listing and eviction read only these)
//   bodies  out-of-line key = the same key; value = ArrayBuffer of the stored bytes
//   state   out-of-line key 'totals' → Totals, rewritten in every transaction that writes or deletes
//
// Only `oncomplete` means stored: QuotaExceededError arrives as an abort after every request succeeded.
import { openDB, unwrap, type DBSchema } from 'idb';
import { emptyTotals, sameWrite, type MetaRecord, type Totals } from './record.ts';
import { chooseVictims, type Victim } from './victims.ts';

export const SCHEMA_VERSION = 1;
export const META = 'meta';
export const BODIES = 'bodies';
export const STATE = 'state';
export const TOTALS_KEY = 'totals';
const ALL_STORES = [META, BODIES, STATE];

/** The IndexedDB database holding the cache `name`. */
export function databaseName(name: string): string {
  return `tiercache:${name}`;
}

interface TierSchema extends DBSchema {
  meta: { key: string; value: MetaRecord; indexes: { lastAccess: number; expiresAt: number } };
  bodies: { key: string; value: ArrayBuffer };
  state: { key: string; value: Totals };
}

export interface OpenHooks {
  /** The browser closed the connection under us (storage cleared, backing store failure). */
  onClose(): void;
  /** Another context wants to upgrade: we have already closed the connection. */
  onVersionChange(): void;
}

/** Opens (creating or upgrading) the database of cache `name`. Rejects with the native error. */
export async function openStore(name: string, hooks: OpenHooks): Promise<IDBDatabase> {
  let db: IDBDatabase | undefined;
  const wrapped = await openDB<TierSchema>(databaseName(name), SCHEMA_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const meta = database.createObjectStore(META, { keyPath: 'key' });
        meta.createIndex('lastAccess', 'lastAccess');
        meta.createIndex('expiresAt', 'expiresAt');
        database.createObjectStore(BODIES);
        database.createObjectStore(STATE);
      }
    },
    blocking() {
      db?.close();
      hooks.onVersionChange();
    },
    terminated() {
      hooks.onClose();
    },
  });
  db = unwrap(wrapped);
  return db;
}

/** One mutation in a write batch; applied in order inside one transaction. */
export type WriteOp =
  | { type: 'put'; key: string; record: MetaRecord; body: ArrayBuffer }
  | { type: 'delete'; key: string }
  /** Delete a corrupt record, but only if it is still the write that was found corrupt. */
  | { type: 'drop'; key: string; expect: MetaRecord }
  /** Coalesced last-access update from reads. */
  | { type: 'touch'; key: string; at: number }
  | { type: 'clear' };

export interface CommitResult {
  /** Per op: put → true; delete → whether the key existed; drop/touch → whether applied; clear → true. */
  results: boolean[];
  totals: Totals;
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/**
 * Applies `ops` in one readwrite transaction (durability 'relaxed'), reading each touched key's
 * old meta and the totals record inside it, so totals stay exact with other tabs and the worker
 * writing at the same time (overlapping readwrite transactions are serialised). Resolves once
 * the transaction completed; rejects with its error (QuotaExceededError, InvalidStateError…).
 */
export function commit(db: IDBDatabase, ops: readonly WriteOp[]): Promise<CommitResult> {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  const current = new Map<string, MetaRecord | undefined>();
  let totals = emptyTotals();
  const results: boolean[] = [];
  let waiting = 1;

  const apply = () => {
    for (const op of ops) {
      if (op.type === 'clear') {
        meta.clear();
        bodies.clear();
        totals = { ...emptyTotals(), corrupt: totals.corrupt };
        for (const key of current.keys()) current.set(key, undefined);
        results.push(true);
        continue;
      }
      const old = current.get(op.key);
      if (op.type === 'touch') {
        if (old && op.at > old.lastAccess) {
          const updated = { ...old, lastAccess: op.at };
          meta.put(updated);
          current.set(op.key, updated);
          results.push(true);
        } else results.push(false);
        continue;
      }
      if (op.type === 'drop' && !(old && sameWrite(old, op.expect))) {
        results.push(false);
        continue;
      }
      if (old) {
        totals.entries -= 1;
        totals.rawBytes -= old.rawBytes;
        totals.storedBytes -= old.storedBytes;
      }
      if (op.type === 'put') {
        meta.put(op.record);
        bodies.put(op.body, op.key);
        totals.entries += 1;
        totals.rawBytes += op.record.rawBytes;
        totals.storedBytes += op.record.storedBytes;
        current.set(op.key, op.record);
        results.push(true);
      } else {
        if (old) {
          meta.delete(op.key);
          bodies.delete(op.key);
        }
        if (op.type === 'drop') totals.corrupt += 1;
        current.set(op.key, undefined);
        results.push(old !== undefined);
      }
    }
    state.put(totals, TOTALS_KEY);
  };
  const arrived = () => {
    if (--waiting === 0) apply();
  };

  const totalsRequest = state.get(TOTALS_KEY);
  totalsRequest.onsuccess = () => {
    totals = (totalsRequest.result as Totals | undefined) ?? emptyTotals();
    arrived();
  };
  for (const op of ops) {
    if (op.type === 'clear' || current.has(op.key)) continue;
    current.set(op.key, undefined);
    waiting += 1;
    const request = meta.get(op.key);
    request.onsuccess = () => {
      current.set(op.key, request.result as MetaRecord | undefined);
      arrived();
    };
  }
  return done.then(() => ({ results, totals }));
}

/** Reads one record's meta and body in one readonly transaction. */
export function readRecord(db: IDBDatabase, key: string): Promise<{ record: MetaRecord | undefined; body: unknown }> {
  const tx = db.transaction([META, BODIES], 'readonly');
  const metaRequest = tx.objectStore(META).get(key);
  const bodyRequest = tx.objectStore(BODIES).get(key);
  return txDone(tx).then(() => ({ record: metaRequest.result as MetaRecord | undefined, body: bodyRequest.result as unknown }));
}

/** Reads one record's meta (no body). */
export function readMeta(db: IDBDatabase, key: string): Promise<MetaRecord | undefined> {
  const tx = db.transaction(META, 'readonly');
  const request = tx.objectStore(META).get(key);
  return txDone(tx).then(() => request.result as MetaRecord | undefined);
}

export function readTotals(db: IDBDatabase): Promise<Totals> {
  const tx = db.transaction(STATE, 'readonly');
  const request = tx.objectStore(STATE).get(TOTALS_KEY);
  return txDone(tx).then(() => (request.result as Totals | undefined) ?? emptyTotals());
}

/** Metas, most recently accessed first, at most `limit`, walking the last-access index (bodies are not read). */
export function listMetas(db: IDBDatabase, limit: number): Promise<MetaRecord[]> {
  const tx = db.transaction(META, 'readonly');
  const out: MetaRecord[] = [];
  if (limit > 0) {
    const request = tx.objectStore(META).index('lastAccess').openCursor(null, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      out.push(cursor.value as MetaRecord);
      if (out.length < limit) cursor.continue();
    };
  }
  return txDone(tx).then(() => out);
}

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
}

export interface EvictBatchResult {
  victims: Victim[];
  totals: Totals;
  /** True when this batch was full, or stored bytes are still over the target: run another. */
  more: boolean;
}

/**
 * One bounded eviction batch in one readwrite transaction: reads the totals, the earliest-expiring
 * and least-recently-accessed metas through their indexes (never bodies), lets `chooseVictims`
 * pick, deletes them and rewrites the totals.
 */
export function evictBatch(db: IDBDatabase, options: EvictBatchOptions): Promise<EvictBatchResult> {
  const { now, triggerBytes, targetBytes, limit, purgeExpired, spaceReason } = options;
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  let totals = emptyTotals();
  let victims: Victim[] = [];
  let bytesToFree = 0;
  let candidates: MetaRecord[] = [];

  const decide = () => {
    victims = chooseVictims(candidates, { now, bytesToFree, limit, purgeExpired, spaceReason });
    if (victims.length === 0) return;
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    for (const victim of victims) {
      const record = byKey.get(victim.key)!;
      meta.delete(victim.key);
      bodies.delete(victim.key);
      totals.entries -= 1;
      totals.rawBytes -= record.rawBytes;
      totals.storedBytes -= record.storedBytes;
    }
    state.put(totals, TOTALS_KEY);
  };

  const totalsRequest = state.get(TOTALS_KEY);
  totalsRequest.onsuccess = () => {
    totals = (totalsRequest.result as Totals | undefined) ?? emptyTotals();
    bytesToFree = totals.storedBytes > triggerBytes ? totals.storedBytes - targetBytes : 0;
    if (bytesToFree === 0 && !purgeExpired) return;
    const expired = meta.index('expiresAt').getAll(IDBKeyRange.upperBound(now), limit);
    expired.onsuccess = () => {
      candidates = expired.result as MetaRecord[];
      const expiredBytes = candidates.reduce((sum, c) => sum + c.storedBytes, 0);
      if (expiredBytes >= bytesToFree || candidates.length >= limit) return decide();
      const lru = meta.index('lastAccess').getAll(null, limit);
      lru.onsuccess = () => {
        candidates = candidates.concat(lru.result as MetaRecord[]);
        decide();
      };
    };
  };
  return done.then(() => ({
    victims,
    totals,
    more: victims.length >= limit || (victims.length > 0 && totals.storedBytes > targetBytes),
  }));
}
