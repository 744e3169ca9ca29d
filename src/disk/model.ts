// The storage model: the only file that knows the IndexedDB schema and calls openDB.
// Hot paths use raw requests on the unwrapped connection: one promise per transaction instead of
// one per request, and no request promise left to reject unhandled when a transaction aborts.
//
// Schema (version 1), one database per cache name (`databaseName(name)`):
//   meta    keyPath 'key'  MetaRecord; indexes 'lastAccess', 'expiresAt' (listing and eviction read only these)
//   bodies  out-of-line key = the same key; value = BodyRecord { record, body }: a copy of the meta as
//           written (so a get is one request) and the stored bytes as an ArrayBuffer
//   state   out-of-line keys: 'totals' → StoredTotals, rewritten in every transaction that writes or
//           deletes; 'corrupt' → number of corrupt records deleted, ever; 'compact:<id>' → the keys
//           of a batch stored uncompressed, until compaction has deflated them (see DiskTier).
//
// Over quota, Chromium aborts every transaction that puts anything, however small, but lets
// delete-only transactions through. So eviction during quota recovery deletes the totals record
// along with its victims, and the next transaction that finds it missing recomputes it from the
// metas (a scan of small records, only after a quota incident; a new database scans nothing).
//
// Measured (`npm run bench:capacity`, 20 MiB quota through the worker): one record per entry, its
// body in an indexed store, let the origin's usage run to 2–3× the stored bytes while eviction
// deleted records (usage rose by megabytes per batch of deletes), and it kept a fifth less servable
// offline than this layout, whose large records live in a store without indexes.
//
// Only `oncomplete` means stored: QuotaExceededError arrives as an abort after every request succeeded.
import { openDB, unwrap, type DBSchema } from 'idb';
import { sameWrite, type Codec, type EntryRecord, type MetaRecord, type Totals } from './record.ts';
import { chooseVictims, type Victim } from './victims.ts';

export const SCHEMA_VERSION = 1;
export const META = 'meta';
export const BODIES = 'bodies';
export const STATE = 'state';
export const TOTALS_KEY = 'totals';
export const CORRUPT_KEY = 'corrupt';
/** Keys in `state` from `compact:` up to (not including) `compact;` are compaction notes. */
const MARKS = () => IDBKeyRange.bound('compact:', 'compact;', false, true);

/** The totals record as stored. */
export type StoredTotals = Omit<Totals, 'corrupt'>;

function sumMetas(metas: readonly MetaRecord[]): StoredTotals {
  const totals = { entries: 0, rawBytes: 0, storedBytes: 0 };
  for (const m of metas) {
    totals.entries += 1;
    totals.rawBytes += m.rawBytes;
    totals.storedBytes += m.storedBytes;
  }
  return totals;
}

function storedTotals(): StoredTotals {
  return { entries: 0, rawBytes: 0, storedBytes: 0 };
}
const ALL_STORES = [META, BODIES, STATE];

/** The IndexedDB database holding the cache `name`. */
export function databaseName(name: string): string {
  return `tiercache:${name}`;
}

/** What store `bodies` holds. `record.lastAccess` is the write time (reads update only `meta`). */
export interface BodyRecord {
  record: MetaRecord;
  body: ArrayBuffer;
}

interface TierSchema extends DBSchema {
  meta: { key: string; value: MetaRecord; indexes: { lastAccess: number; expiresAt: number } };
  bodies: { key: string; value: BodyRecord };
  state: { key: string; value: StoredTotals | number };
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
  /**
   * Write a record: `record`, or the one `make` builds when the put is issued (once; the
   * transaction stores it in `record`). A record built there is cloned at once, so it may hold
   * the caller's own buffer.
   */
  | { type: 'put'; key: string; record?: EntryRecord; make?: () => EntryRecord }
  | { type: 'delete'; key: string }
  /** Delete a corrupt record (counted), unless a newer write than `expect` replaced it meanwhile. */
  | { type: 'drop'; key: string; expect?: MetaRecord }
  /** Coalesced last-access update from reads. */
  | { type: 'touch'; key: string; at: number }
  /**
   * Replace a record written uncompressed by its deflated body, unless another write replaced it
   * meanwhile (`expect`): same value, fewer stored bytes. Its last access is kept.
   */
  | { type: 'compact'; key: string; expect: MetaRecord; codec: Codec; body: ArrayBuffer; checksum: number }
  /** Note the keys of a batch written uncompressed, to compact (`compact:<id>` in `state`; see readMarks). */
  | { type: 'mark'; id: string; keys: string[] }
  /** Their compaction is done: drop the note. */
  | { type: 'unmark'; id: string }
  | { type: 'clear' };

export interface CommitResult {
  /** Per op: put → true; delete → whether the key existed; drop/touch → whether applied; clear → true. */
  results: boolean[];
  totals: StoredTotals;
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/** A size field as counted in the totals: a tampered or corrupt record's junk counts as 0. */
function size(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** Recomputes the totals from the metas (small records), then calls `done`, inside the caller's transaction. */
function rescanTotals(meta: IDBObjectStore, done: (totals: StoredTotals) => void): void {
  const all = meta.getAll();
  all.onsuccess = () => done(sumMetas(all.result as MetaRecord[]));
}

/**
 * Applies `ops` in one readwrite transaction (durability 'relaxed'). Every op is issued at once,
 * so the backend works on them while the caller prepares the next batch. The totals record is
 * read first and rewritten once every op that replaces or removes a record has learnt its old
 * sizes (again if a ConstraintError fallback changes them later), inside the transaction, so
 * totals stay exact with other tabs and the worker writing at the same time (overlapping
 * readwrite transactions are serialised). For a batch of new keys the totals are rewritten as
 * soon as the read answers, so the transaction commits right after its last put: no round trip
 * to the page at its end.
 *
 * A put that is the last op on its key add()s its meta with no callback of its own and puts its
 * body: a new key (the common case) needs no read, and its sizes are counted when it is issued.
 * Only when the key exists does the add fail with a ConstraintError, which the transaction's
 * error handler turns into a read of the old sizes and an overwrite. (A handler per request cost
 * 10–15% of the put rate at 4 KB here, `npm run bench:diskparts`.) Touches, drops and compactions
 * depend on what is stored, so they are decided in their read's callback, and skipped when a
 * later op in the batch has the same key.
 * Resolves once the transaction completed; rejects with its error (QuotaExceededError…).
 */
export function commit(db: IDBDatabase, ops: readonly WriteOp[]): Promise<CommitResult> {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  const results = new Array<boolean>(ops.length).fill(false);
  /** Changes counted in callbacks… */
  let delta = storedTotals();
  /** …and by the puts that add() their meta, counted when issued (all after the batch's last clear). */
  const issued = storedTotals();
  let base: StoredTotals | undefined;
  let cleared = false;
  let corrupt = 0;
  let drops = 0;
  const lastIndex = new Map<string, number>();
  /** Per key, the last op that changes its value (put, delete, drop): touches and compactions do not. */
  const lastChange = new Map<string, number>();
  /** Per key, the latest last-access touch in this batch, which a compaction of the key carries over. */
  const touchedAt = new Map<string, number>();
  /** Per key, the last compaction in this batch (two notes may list the same key): only it applies. */
  const lastCompact = new Map<string, number>();
  /** Keys whose compaction was applied in this batch: their touches are in it already. */
  const compacted = new Set<string>();
  let lastClear = -1;
  ops.forEach((op, i) => {
    if (op.type === 'clear') lastClear = i;
    else if (op.type !== 'mark' && op.type !== 'unmark') {
      lastIndex.set(op.key, i);
      if (op.type === 'put' || op.type === 'delete' || op.type === 'drop') lastChange.set(op.key, i);
      if (op.type === 'touch') touchedAt.set(op.key, Math.max(op.at, touchedAt.get(op.key) ?? 0));
      if (op.type === 'compact') lastCompact.set(op.key, i);
    }
  });
  const hasDrops = ops.some((op) => op.type === 'drop');

  // Callbacks still to come before the totals can be written: the totals (and corrupt count)
  // reads, each op decided in a read's callback, and each ConstraintError fallback. Reaching
  // zero writes the totals; a fallback arriving after that writes them again.
  let pending = 1 + (hasDrops ? 1 : 0);
  let totals = storedTotals();
  const settle = () => {
    if (--pending > 0) return;
    if (drops > 0) state.put(corrupt + drops, CORRUPT_KEY);
    if (cleared || base) {
      const from = cleared ? storedTotals() : base!;
      totals = {
        entries: from.entries + delta.entries + issued.entries,
        rawBytes: from.rawBytes + delta.rawBytes + issued.rawBytes,
        storedBytes: from.storedBytes + delta.storedBytes + issued.storedBytes,
      };
      state.put(totals, TOTALS_KEY);
      return;
    }
    // Issued after every op: the scan sees this transaction's own writes.
    rescanTotals(meta, (scanned) => {
      totals = scanned;
      state.put(totals, TOTALS_KEY);
    });
  };
  const subtract = (old: MetaRecord | undefined) => {
    if (!old) return;
    delta.entries -= 1;
    delta.rawBytes -= size(old.rawBytes);
    delta.storedBytes -= size(old.storedBytes);
  };
  const add = (record: MetaRecord, into = delta) => {
    into.entries += 1;
    into.rawBytes += record.rawBytes;
    into.storedBytes += record.storedBytes;
  };
  /** Writes an entry: its meta, and its body beside a copy of the meta as written (so a get is one request). */
  const write = (entry: EntryRecord, key: string, how: 'add' | 'put'): IDBRequest => {
    const { body, ...record } = entry;
    const request = how === 'add' ? meta.add(record) : meta.put(record);
    bodies.put({ record, body } satisfies BodyRecord, key);
    return request;
  };

  const totalsRequest = state.get(TOTALS_KEY);
  totalsRequest.onsuccess = () => {
    base = totalsRequest.result as StoredTotals | undefined;
    settle();
  };
  if (hasDrops) {
    const corruptRequest = state.get(CORRUPT_KEY);
    corruptRequest.onsuccess = () => {
      corrupt = (corruptRequest.result as number | undefined) ?? 0;
      settle();
    };
  }
  // Meta add() requests by op. Their errors bubble to the transaction: one handler for all of
  // them, instead of one per request.
  const added = new Map<IDBRequest, number>();
  tx.onerror = (event) => {
    const request = event.target as IDBRequest;
    const i = added.get(request);
    if (i === undefined || request.error?.name !== 'ConstraintError') return; // anything else aborts the transaction
    // The key exists: read its old sizes and overwrite the meta (the body put already did). Issued
    // after every op already issued, which is safe only because no later op in this batch touches the key.
    event.preventDefault();
    const op = ops[i] as Extract<WriteOp, { type: 'put' }>;
    pending++;
    const existing = meta.get(op.key);
    existing.onsuccess = () => {
      const { body: _body, ...record } = op.record!;
      meta.put(record);
      subtract(existing.result as MetaRecord | undefined);
      settle();
    };
  };
  ops.forEach((op, i) => {
    if (op.type === 'mark' || op.type === 'unmark') {
      if (op.type === 'mark') state.put(op.keys, `compact:${op.id}`);
      else state.delete(`compact:${op.id}`);
      results[i] = true;
      return;
    }
    if (op.type === 'clear') {
      state.delete(MARKS());
      bodies.clear();
      pending++;
      meta.clear().onsuccess = () => {
        // What earlier ops counted is gone with their records. The puts counted when issued all
        // come after the last clear, and callbacks of later ops run after this one.
        if (i === lastClear) {
          cleared = true;
          delta = storedTotals();
        }
        settle();
      };
      results[i] = true;
      return;
    }
    const { key } = op;
    const superseded = lastIndex.get(key)! > i || lastClear > i;
    // A touch or a compaction is only undone by a later change of the value (or a clear).
    const changedLater = (lastChange.get(key) ?? -1) > i || lastClear > i;
    if (op.type === 'put' && !superseded) {
      const record = (op.record ??= op.make!());
      added.set(write(record, key, 'add'), i); // a ConstraintError is handled by tx.onerror above
      add(record, issued);
      results[i] = true;
      return;
    }
    pending++;
    const read = meta.get(key);
    const old = () => read.result as MetaRecord | undefined;
    switch (op.type) {
      case 'put': {
        // Superseded later in the batch (or cleared): written all the same, in order.
        const record = (op.record ??= op.make!());
        write(record, key, 'put');
        read.onsuccess = () => {
          subtract(old());
          add(record);
          settle();
        };
        results[i] = true;
        return;
      }
      case 'delete':
        meta.delete(key);
        bodies.delete(key);
        read.onsuccess = () => {
          subtract(old());
          results[i] = old() !== undefined;
          settle();
        };
        return;
      case 'touch':
        read.onsuccess = () => {
          const record = old();
          // After an applied compaction of the key (which carried this touch over), its meta as
          // read here is out of date: writing it back would undo the compaction's.
          if (record && !changedLater && !compacted.has(key) && op.at > record.lastAccess) {
            meta.put({ ...record, lastAccess: op.at });
            results[i] = true;
          }
          settle();
        };
        return;
      case 'compact':
        read.onsuccess = () => {
          const record = old();
          if (record && !changedLater && lastCompact.get(key) === i && record.codec === 'raw' && sameWrite(record, op.expect)) {
            const storedBytes = op.body.byteLength;
            const lastAccess = Math.max(record.lastAccess, touchedAt.get(key) ?? 0);
            write({ ...record, lastAccess, codec: op.codec, storedBytes, checksum: op.checksum, body: op.body }, key, 'put');
            compacted.add(key);
            delta.storedBytes += storedBytes - size(record.storedBytes);
            results[i] = true;
          }
          settle();
        };
        return;
      case 'drop':
        read.onsuccess = () => {
          const record = old();
          // Skip when a newer write replaced the corrupt one, or an earlier drop already removed it.
          if (!superseded && !(op.expect && (!record || !sameWrite(record, op.expect)))) {
            bodies.delete(key); // also removes an orphan body that no meta counts
            if (record) meta.delete(key);
            subtract(record);
            drops += 1;
            results[i] = true;
          }
          settle();
        };
        return;
    }
  });
  return done.then(() => ({ results, totals }));
}

/**
 * One read in its own readonly transaction, settled by the request itself: a read's result is
 * final when it succeeds, so waiting for the transaction to complete as well would only add a
 * round trip to the backend (~0.1–0.2 ms of a 0.3–0.5 ms get here).
 */
function readOne<T>(db: IDBDatabase, store: string, key: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readonly');
    const request = tx.objectStore(store).get(key);
    request.onsuccess = () => resolve(request.result as T | undefined);
    // The request's error also aborts the transaction: reject once, with the most precise error.
    request.onerror = (event) => {
      event.preventDefault();
      reject(request.error ?? new DOMException('The read failed', 'UnknownError'));
    };
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/**
 * Reads one entry (the meta as written, and the body, stored side by side) with one request:
 * undefined when absent, null when what is stored has no readable meta (corrupt). Anything else
 * stored may come back too: check it.
 */
export async function readRecord(db: IDBDatabase, key: string): Promise<EntryRecord | null | undefined> {
  const found = await readOne<unknown>(db, BODIES, key);
  return found === undefined ? undefined : entryOf(found);
}

/** A stored body record as an entry (the meta as written, and the body); null without a readable meta. */
function entryOf(found: unknown): EntryRecord | null {
  const { record, body } = (found ?? {}) as Partial<BodyRecord>;
  return typeof record === 'object' && record !== null ? { ...record, body: body as ArrayBuffer } : null;
}

/** Reads the entries `keys` in one readonly transaction (undefined where absent or unreadable). */
export function readRecords(db: IDBDatabase, keys: readonly string[]): Promise<(EntryRecord | undefined)[]> {
  const tx = db.transaction(BODIES, 'readonly');
  const store = tx.objectStore(BODIES);
  const requests = keys.map((key) => store.get(key));
  return txDone(tx).then(() => requests.map((r) => (r.result === undefined ? undefined : (entryOf(r.result) ?? undefined))));
}

/** The compaction notes left by batches written uncompressed: note id → keys. */
export function readMarks(db: IDBDatabase): Promise<Map<string, string[]>> {
  const tx = db.transaction(STATE, 'readonly');
  const store = tx.objectStore(STATE);
  const keys = store.getAllKeys(MARKS());
  const values = store.getAll(MARKS());
  return txDone(tx).then(() => {
    const marks = new Map<string, string[]>();
    (keys.result as string[]).forEach((key, i) => {
      const listed: unknown = values.result[i];
      const valid = Array.isArray(listed) ? listed.filter((k): k is string => typeof k === 'string') : [];
      marks.set(key.slice('compact:'.length), valid);
    });
    return marks;
  });
}

/** Reads one record's meta (no body). */
export function readMeta(db: IDBDatabase, key: string): Promise<MetaRecord | undefined> {
  return readOne<MetaRecord>(db, META, key);
}

/** The totals and the corrupt count; recomputed from the metas when the totals record is missing. */
export function readTotals(db: IDBDatabase): Promise<Totals> {
  const tx = db.transaction([STATE, META], 'readonly');
  const state = tx.objectStore(STATE);
  let totals: StoredTotals = storedTotals();
  let corrupt = 0;
  const totalsRequest = state.get(TOTALS_KEY);
  totalsRequest.onsuccess = () => {
    const stored = totalsRequest.result as StoredTotals | undefined;
    if (stored) {
      totals = stored;
      return;
    }
    rescanTotals(tx.objectStore(META), (scanned) => (totals = scanned));
  };
  const corruptRequest = state.get(CORRUPT_KEY);
  corruptRequest.onsuccess = () => {
    corrupt = (corruptRequest.result as number | undefined) ?? 0;
  };
  return txDone(tx).then(() => ({ entries: totals.entries, rawBytes: totals.rawBytes, storedBytes: totals.storedBytes, corrupt }));
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
  /** Over quota: delete the totals record instead of rewriting it (see the schema note). */
  deleteOnly: boolean;
}

export interface EvictBatchResult {
  victims: Victim[];
  totals: StoredTotals;
  /** True when this batch was full, or stored bytes are still over the target: run another. */
  more: boolean;
}

/**
 * One bounded eviction batch in one readwrite transaction: reads the totals, the earliest-expiring
 * and least-recently-accessed metas through their indexes (never bodies), lets `chooseVictims`
 * pick, deletes them and rewrites the totals.
 */
export function evictBatch(db: IDBDatabase, options: EvictBatchOptions): Promise<EvictBatchResult> {
  const { now, triggerBytes, targetBytes, limit, purgeExpired, spaceReason, deleteOnly } = options;
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  let totals = storedTotals();
  let victims: Victim[] = [];
  let bytesToFree = 0;
  let candidates: MetaRecord[] = [];

  const remove = (runs: KeyRun[]) => {
    for (const [first, last] of runs) {
      const target = first === last ? first : IDBKeyRange.bound(first, last);
      meta.delete(target);
      bodies.delete(target);
    }
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    for (const victim of victims) {
      const record = byKey.get(victim.key)!;
      totals.entries -= 1;
      totals.rawBytes -= record.rawBytes;
      totals.storedBytes -= record.storedBytes;
    }
    if (deleteOnly) state.delete(TOTALS_KEY);
    else state.put(totals, TOTALS_KEY);
  };

  const decide = () => {
    victims = chooseVictims(candidates, { now, bytesToFree, limit, purgeExpired, spaceReason });
    if (victims.length === 0) return;
    const sorted = victims.map((v) => v.key).sort(compareKeys);
    if (sorted.length < 2) return remove(sorted.map((k) => [k, k]));
    // Deleting is ~0.15 ms per request here, mostly per-request overhead: victims that are
    // neighbours in key order go as one range delete. Reads at most 8 keys per victim to find out.
    const span = meta.getAllKeys(IDBKeyRange.bound(sorted[0]!, sorted[sorted.length - 1]!), sorted.length * 8);
    span.onsuccess = () => remove(keyRuns(sorted, span.result as string[]));
  };

  const start = () => {
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
  const totalsRequest = state.get(TOTALS_KEY);
  totalsRequest.onsuccess = () => {
    const stored = totalsRequest.result as StoredTotals | undefined;
    if (stored) {
      totals = { entries: stored.entries, rawBytes: stored.rawBytes, storedBytes: stored.storedBytes };
      return start();
    }
    rescanTotals(meta, (scanned) => {
      totals = scanned;
      start();
    });
  };
  return done.then(() => ({
    victims,
    totals,
    more: victims.length >= limit || (victims.length > 0 && totals.storedBytes > targetBytes),
  }));
}

type KeyRun = [first: string, last: string];

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
