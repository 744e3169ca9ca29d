// The storage model: the only file that knows the IndexedDB schema and calls openDB.
// Hot paths use raw requests on the unwrapped connection: one promise per transaction instead of
// one per request, and no request promise left to reject unhandled when a transaction aborts.
//
// Schema (version 2), one database per cache name (`databaseName(name)`):
//   meta    keyPath 'key'  MetaRecord; indexes 'lastAccess', 'expiresAt' (listing and eviction read only these)
//   bodies  out-of-line key = the same key; value = BodyRecord { record, body }: a copy of the meta as
//           written (so a get is one request) and the stored bytes as an ArrayBuffer
//   state   out-of-line keys: 'totals' → StoredTotals, rewritten in every transaction that writes or
//           deletes; 'corrupt' → number of corrupt records deleted, ever
//   journal        out-of-line key = a number, increasing; value = JournalRecord: the metas of a burst
//                  stored uncompressed (see stage()), multiEntry index 'keys' on the keys still staged
//   journalBodies  the same key; value = the burst's bodies (ArrayBuffer[]), never rewritten
// Version 1 had no journal; it noted raw records in `state` ('compact:<id>'). Upgrading drops
// those notes: their records are valid as they are, merely uncompressed.
//
// The journal. A burst (DiskTier) is stored as two records, whatever its number of entries: one
// put per entry, as meta + body cost, is what bounds IndexedDB's write rate for small values here
// (`npm run bench:diskparts`: ~0.1 ms a request). Compaction later deflates its entries and moves
// them into meta and bodies (unstage()). Invariants, kept inside every transaction:
//   - a key staged in a journal has no record in meta or bodies (stage() deletes it; a write,
//     delete or drop of a staged key takes it out of its journals), so a read that finds a body
//     needs no other lookup, and only a miss looks in the journal index;
//   - when two journals stage a key, the higher id (the later one) holds its value;
//   - the totals count a staged entry (entries, raw bytes) until it leaves its journal, and the
//     journal's body bytes (stored bytes) until the journal record goes: they are on disk till then.
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
import { isExpired, isMeta, sameWrite, type EntryRecord, type MetaRecord, type Totals } from './record.ts';
import { chooseVictims, type Victim } from './victims.ts';

export const SCHEMA_VERSION = 2;
export const META = 'meta';
export const BODIES = 'bodies';
export const STATE = 'state';
export const JOURNAL = 'journal';
export const JOURNAL_BODIES = 'journalBodies';
export const TOTALS_KEY = 'totals';
export const CORRUPT_KEY = 'corrupt';

/** The totals record as stored. */
export type StoredTotals = Omit<Totals, 'corrupt'>;

function sumMetas(metas: readonly MetaRecord[]): StoredTotals {
  const totals = storedTotals();
  for (const m of metas) countRecord(totals, m, 1);
  return totals;
}

/** Adds (1) or takes away (-1) one record: an entry and its sizes (a tampered record's junk counts as 0). */
function countRecord(into: StoredTotals, record: MetaRecord, sign: 1 | -1): void {
  into.entries += sign;
  into.rawBytes += sign * size(record.rawBytes);
  into.storedBytes += sign * size(record.storedBytes);
}

/** Adds (1) or takes away (-1) what a journal counts for: its staged entries, their raw bytes, and its bodies' bytes. */
function countJournal(into: StoredTotals, journal: JournalRecord, sign: 1 | -1): void {
  into.entries += sign * journal.keys.length;
  into.rawBytes += sign * journal.metas.reduce((sum, m) => sum + size(m?.rawBytes), 0);
  into.storedBytes += sign * journal.bytes;
}

function storedTotals(): StoredTotals {
  return { entries: 0, rawBytes: 0, storedBytes: 0 };
}
const ALL_STORES = [META, BODIES, STATE, JOURNAL, JOURNAL_BODIES];

/** The IndexedDB database holding the cache `name`. */
export function databaseName(name: string): string {
  return `tiercache:${name}`;
}

/** What store `bodies` holds. `record.lastAccess` is the write time (reads update only `meta`). */
export interface BodyRecord {
  record: MetaRecord;
  body: ArrayBuffer;
}

/** What store `journal` holds: the entries of one burst still staged there (see the schema note). */
export interface JournalRecord {
  /** The keys still staged here; indexed (multiEntry). Each leaves when written, deleted, dropped or moved (or the journal is evicted whole). */
  keys: string[];
  /** Parallel to keys: each entry's meta as staged (a read's touch updates its last access). */
  metas: MetaRecord[];
  /** Parallel to keys: where its body is in the journalBodies record. */
  slots: number[];
  /** The bytes of every body in the journalBodies record: on disk until the journal goes. */
  bytes: number;
}

interface TierSchema extends DBSchema {
  meta: { key: string; value: MetaRecord; indexes: { lastAccess: number; expiresAt: number } };
  bodies: { key: string; value: BodyRecord };
  state: { key: string; value: StoredTotals | number | string[] };
  journal: { key: number; value: JournalRecord; indexes: { keys: string } };
  journalBodies: { key: number; value: ArrayBuffer[] };
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
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const meta = database.createObjectStore(META, { keyPath: 'key' });
        meta.createIndex('lastAccess', 'lastAccess');
        meta.createIndex('expiresAt', 'expiresAt');
        database.createObjectStore(BODIES);
        database.createObjectStore(STATE);
      }
      if (oldVersion < 2) {
        database.createObjectStore(JOURNAL).createIndex('keys', 'keys', { multiEntry: true });
        database.createObjectStore(JOURNAL_BODIES);
        if (oldVersion === 1) void transaction.objectStore(STATE).delete(IDBKeyRange.bound('compact:', 'compact;', false, true));
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

/** A journal record as read: undefined unless it has the shape this version writes. */
function journalOf(found: unknown): JournalRecord | undefined {
  const j = found as Partial<JournalRecord> | undefined;
  if (!j || !Array.isArray(j.keys) || !Array.isArray(j.metas) || !Array.isArray(j.slots)) return undefined;
  if (j.metas.length !== j.keys.length || j.slots.length !== j.keys.length) return undefined;
  return { keys: j.keys, metas: j.metas, slots: j.slots, bytes: size(j.bytes) };
}

/**
 * Recomputes the totals from the metas and the journals (small records), then calls `done`,
 * inside the caller's transaction.
 */
function rescanTotals(tx: IDBTransaction, done: (totals: StoredTotals) => void): void {
  const metas = tx.objectStore(META).getAll();
  const journals = tx.objectStore(JOURNAL).getAll();
  journals.onsuccess = () => {
    const totals = sumMetas(metas.result as MetaRecord[]);
    for (const found of journals.result) {
      const journal = journalOf(found);
      if (journal) countJournal(totals, journal, 1);
    }
    done(totals);
  };
}

/** What a write transaction reads first: the totals record (undefined: missing, rescan) and the corrupt count. */
interface Counts {
  base?: StoredTotals;
  corrupt: number;
}

/**
 * Reads the totals record (and, with `withCorrupt`, the corrupt count) into `counts`, first thing
 * in a write transaction; `settle` is called once per answer. Returns how many answers to wait for.
 */
function readCounts(state: IDBObjectStore, counts: Counts, withCorrupt: boolean, settle: () => void): number {
  const totals = state.get(TOTALS_KEY);
  totals.onsuccess = () => {
    counts.base = totals.result as StoredTotals | undefined;
    settle();
  };
  if (!withCorrupt) return 1;
  const corrupt = state.get(CORRUPT_KEY);
  corrupt.onsuccess = () => {
    counts.corrupt = (corrupt.result as number | undefined) ?? 0;
    settle();
  };
  return 2;
}

/**
 * Rewrites the totals record at the end of a write transaction: `base` (the record as read at its
 * start) plus `delta`, or, with no record to start from, a rescan issued now (after every op, so
 * it sees them). Calls `done` with what it wrote.
 */
function putTotals(tx: IDBTransaction, base: StoredTotals | undefined, delta: StoredTotals, done: (totals: StoredTotals) => void): void {
  const state = tx.objectStore(STATE);
  if (base) {
    const totals = { entries: base.entries + delta.entries, rawBytes: base.rawBytes + delta.rawBytes, storedBytes: base.storedBytes + delta.storedBytes };
    state.put(totals, TOTALS_KEY);
    return done(totals);
  }
  rescanTotals(tx, (scanned) => {
    state.put(scanned, TOTALS_KEY);
    done(scanned);
  });
}

/**
 * The journals of one transaction, each read once and written back once (see `flush`) after
 * every edit: keys taken out, last accesses raised. Counts what leaves into `delta`.
 */
class JournalEdits {
  readonly #store: IDBObjectStore;
  readonly #bodies: IDBObjectStore;
  readonly #loaded = new Map<number, JournalRecord | undefined>();
  readonly #waiting = new Map<number, ((journal: JournalRecord | undefined) => void)[]>();
  readonly #dirty = new Set<number>();

  constructor(tx: IDBTransaction) {
    this.#store = tx.objectStore(JOURNAL);
    this.#bodies = tx.objectStore(JOURNAL_BODIES);
  }

  /** The ids of the journals staging `key`, oldest first. */
  idsOf(key: string, then: (ids: number[]) => void): void {
    const request = this.#store.index('keys').getAllKeys(key);
    request.onsuccess = () => then(request.result as number[]);
  }

  /** Calls `then` with journal `id` as this transaction has it (read at most once). */
  load(id: number, then: (journal: JournalRecord | undefined) => void): void {
    if (this.#loaded.has(id)) return then(this.#loaded.get(id));
    const waiting = this.#waiting.get(id);
    if (waiting) return void waiting.push(then);
    this.#waiting.set(id, [then]);
    const request = this.#store.get(id);
    request.onsuccess = () => {
      const journal = journalOf(request.result);
      this.#loaded.set(id, journal);
      const callbacks = this.#waiting.get(id)!;
      this.#waiting.delete(id);
      for (const callback of callbacks) callback(journal);
    };
  }

  /** Journal `id` as loaded in this transaction (undefined if not loaded, gone or unreadable). */
  peek(id: number): JournalRecord | undefined {
    return this.#loaded.get(id);
  }

  /** Takes `key` out of journal `id` (loaded); returns its staged meta, or undefined when not staged there. */
  remove(id: number, key: string, delta: StoredTotals): MetaRecord | undefined {
    const journal = this.#loaded.get(id);
    const i = journal ? journal.keys.indexOf(key) : -1;
    if (!journal || i < 0) return undefined;
    const [meta] = journal.metas.splice(i, 1);
    journal.keys.splice(i, 1);
    journal.slots.splice(i, 1);
    delta.entries -= 1;
    delta.rawBytes -= size(meta?.rawBytes);
    this.#dirty.add(id);
    return meta;
  }

  /** Raises the last access of `key` staged in journal `id` to `at`; whether it did. */
  touch(id: number, key: string, at: number): boolean {
    const journal = this.#loaded.get(id);
    const i = journal ? journal.keys.indexOf(key) : -1;
    if (!journal || i < 0 || !(at > (journal.metas[i]?.lastAccess ?? Infinity))) return false;
    journal.metas[i] = { ...journal.metas[i]!, lastAccess: at };
    this.#dirty.add(id);
    return true;
  }

  /** Writes back the journals edited since the last flush; one left empty goes, with its bodies. */
  flush(delta: StoredTotals): void {
    for (const id of this.#dirty) {
      const journal = this.#loaded.get(id)!;
      if (journal.keys.length > 0) {
        this.#store.put(journal, id);
        continue;
      }
      this.#store.delete(id);
      this.#bodies.delete(id);
      delta.storedBytes -= journal.bytes;
      this.#loaded.set(id, undefined);
    }
    this.#dirty.clear();
  }
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
 * 10–15% of the put rate at 4 KB here, `npm run bench:diskparts`.) Touches and drops depend on
 * what is stored, so they are decided in their read's callback, and skipped when a later op in
 * the batch has the same key.
 *
 * When journals exist (one count, read with the totals), every key the batch writes, deletes or
 * drops leaves the journals that stage it, and a touch of a staged key raises its staged last
 * access (see the schema note).
 * Resolves once the transaction completed; rejects with its error (QuotaExceededError…).
 */
export function commit(db: IDBDatabase, ops: readonly WriteOp[]): Promise<CommitResult> {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  const journals = new JournalEdits(tx);
  const results = new Array<boolean>(ops.length).fill(false);
  /** Changes counted in callbacks… */
  let delta = storedTotals();
  /** …and by the puts that add() their meta, counted when issued (all after the batch's last clear). */
  const issued = storedTotals();
  const counts: Counts = { corrupt: 0 };
  let cleared = false;
  let drops = 0;
  const lastIndex = new Map<string, number>();
  /** Per key, the last op that changes its value (put, delete, drop): touches do not. */
  const lastChange = new Map<string, number>();
  /** Per key, the ops that change its value after the batch's last clear, by index. */
  const changes = new Map<string, number[]>();
  let lastClear = -1;
  ops.forEach((op, i) => {
    if (op.type === 'clear') {
      lastClear = i;
      changes.clear();
      return;
    }
    lastIndex.set(op.key, i);
    if (op.type === 'put' || op.type === 'delete' || op.type === 'drop') {
      lastChange.set(op.key, i);
      const indexes = changes.get(op.key);
      if (indexes) indexes.push(i);
      else changes.set(op.key, [i]);
    }
  });

  // Callbacks still to come before the totals can be written: the totals (and corrupt count)
  // reads, the journal count, each op decided in a read's callback, each journal edit and each
  // ConstraintError fallback. Reaching zero writes the totals; a fallback arriving after that
  // writes them again.
  let pending = 0;
  let totals = storedTotals();
  const settle = () => {
    if (--pending > 0) return;
    journals.flush(delta);
    if (drops > 0) state.put(counts.corrupt + drops, CORRUPT_KEY);
    const change = { entries: delta.entries + issued.entries, rawBytes: delta.rawBytes + issued.rawBytes, storedBytes: delta.storedBytes + issued.storedBytes };
    putTotals(tx, cleared ? storedTotals() : counts.base, change, (written) => (totals = written));
  };
  const subtract = (old: MetaRecord | undefined) => {
    if (old) countRecord(delta, old, -1);
  };
  const add = (record: MetaRecord, into = delta) => countRecord(into, record, 1);
  /** Writes an entry: its meta, and its body beside a copy of the meta as written (so a get is one request). */
  const write = (entry: EntryRecord, key: string, how: 'add' | 'put'): IDBRequest => {
    const { body, ...record } = entry;
    const request = how === 'add' ? meta.add(record) : meta.put(record);
    bodies.put({ record, body } satisfies BodyRecord, key);
    return request;
  };

  pending += readCounts(state, counts, ops.some((op) => op.type === 'drop'), settle);
  pending++;
  const journalCount = tx.objectStore(JOURNAL).count();
  journalCount.onsuccess = () => {
    if (journalCount.result > 0) editJournals();
    settle();
  };
  /**
   * Takes the keys this batch changes out of their journals, and raises staged last accesses.
   * Issued after every op: a delete or drop has learnt from meta whether the key existed there.
   */
  const editJournals = () => {
    const touchAt = new Map<string, [index: number, at: number]>();
    ops.forEach((op, i) => {
      if (op.type === 'touch' && !lastChange.has(op.key) && op.at > (touchAt.get(op.key)?.[1] ?? -Infinity)) touchAt.set(op.key, [i, op.at]);
    });
    const apply = (key: string, ids: number[]) => {
      const latest = ids[ids.length - 1]!;
      const changed = changes.get(key);
      if (!changed) {
        // Only the latest journal staging a key holds its value.
        const [i, at] = touchAt.get(key)!;
        if (journals.touch(latest, key, at)) results[i] = true;
        return;
      }
      // Older journals stage values the latest replaced: they let go of the key in any case. The
      // latest does unless the only changes are drops of another write than the one staged.
      const journal = journals.peek(latest);
      const wasStaged = journal !== undefined && journal.keys.includes(key);
      const staged = wasStaged ? journal.metas[journal.keys.indexOf(key)] : undefined;
      const replaced = changed.some((i) => {
        const op = ops[i]!;
        return op.type !== 'drop' || !op.expect || !isMeta(staged) || sameWrite(staged, op.expect);
      });
      for (const id of ids) if (id !== latest || replaced) journals.remove(id, key, delta);
      const first = changed[0]!;
      const op = ops[first]!;
      if (!wasStaged || !replaced || results[first]) return;
      // What the batch's first change of the key found: the staged value, deleted or dropped.
      if (op.type === 'delete') results[first] = true;
      if (op.type === 'drop' && (!op.expect || !isMeta(staged) || sameWrite(staged, op.expect))) {
        drops += 1;
        results[first] = true;
      }
    };
    // (A key changed only before a clear is in no journal any more: the clear emptied them.)
    for (const key of new Set([...changes.keys(), ...touchAt.keys()])) {
      pending++;
      journals.idsOf(key, (ids) => {
        let left = ids.length;
        if (left === 0) return settle();
        for (const id of ids) {
          journals.load(id, () => {
            if (--left > 0) return;
            apply(key, ids);
            settle();
          });
        }
      });
    }
  };
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
    if (op.type === 'clear') {
      bodies.clear();
      tx.objectStore(JOURNAL).clear();
      tx.objectStore(JOURNAL_BODIES).clear();
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
    // A touch is only undone by a later change of the value (or a clear).
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
          if (old() !== undefined) results[i] = true;
          settle();
        };
        return;
      case 'touch':
        read.onsuccess = () => {
          const record = old();
          if (record && !changedLater && op.at > record.lastAccess) {
            meta.put({ ...record, lastAccess: op.at });
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

export interface StageResult extends CommitResult {
  /** The journal the burst went into. */
  journal: number;
}

/**
 * Stores a burst uncompressed as one journal (two records, whatever the number of entries) in one
 * readwrite transaction, and counts it in the totals. `entries` have distinct keys. A key that
 * has a record in meta loses it here (its sizes are subtracted): a staged key has none (see the
 * schema note). Those are found with one read of the meta keys across the burst's key range
 * (at most 8 per entry; beyond that, one read per remaining key). A key staged in an older
 * journal stays there until that journal's compaction: the newer journal holds its value.
 */
export function stage(db: IDBDatabase, entries: readonly EntryRecord[]): Promise<StageResult> {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  const journal = tx.objectStore(JOURNAL);
  const delta = storedTotals();
  const counts: Counts = { corrupt: 0 };
  let id = 0;
  let totals = storedTotals();
  let pending = 2;
  const settle = () => {
    if (--pending > 0) return;
    putTotals(tx, counts.base, delta, (written) => (totals = written));
  };
  pending += readCounts(state, counts, false, settle);
  // Ids increase with each journal (the later journal holds a key staged twice), and are not
  // reused while this context may still know an old one: at least the clock.
  const last = journal.openKeyCursor(null, 'prev');
  last.onsuccess = () => {
    id = Math.max(((last.result?.key as number | undefined) ?? 0) + 1, Date.now());
    const metas = entries.map(({ body: _body, ...record }) => record);
    const bytes = entries.reduce((sum, e) => sum + e.body.byteLength, 0);
    const staged: JournalRecord = { keys: metas.map((m) => m.key), metas, slots: metas.map((_, i) => i), bytes };
    journal.put(staged, id);
    tx.objectStore(JOURNAL_BODIES).put(entries.map((e) => e.body), id);
    countJournal(delta, staged, 1);
    settle();
  };
  const unstore = (key: string) => {
    pending++;
    const old = meta.get(key);
    old.onsuccess = () => {
      const record = old.result as MetaRecord | undefined;
      if (record) {
        meta.delete(key);
        bodies.delete(key);
        countRecord(delta, record, -1);
      }
      settle();
    };
  };
  const sorted = entries.map((e) => e.key).sort(compareKeys);
  const wanted = new Set(sorted);
  if (sorted.length === 0) settle();
  else {
    const cap = sorted.length * 8;
    const span = meta.getAllKeys(IDBKeyRange.bound(sorted[0]!, sorted[sorted.length - 1]!), cap);
    span.onsuccess = () => {
      const found = span.result as string[];
      for (const key of found) if (wanted.has(key)) unstore(key);
      if (found.length === cap) {
        const lastFound = found[found.length - 1]!;
        for (const key of sorted) {
          if (key <= lastFound) continue;
          pending++;
          const exists = meta.getKey(key);
          exists.onsuccess = () => {
            if (exists.result !== undefined) unstore(key);
            settle();
          };
        }
      }
      settle();
    };
  }
  return done.then(() => ({ results: [true], totals, journal: id }));
}

/** An entry of a journal, as compaction moves it: the meta as staged, and what to store now. */
export interface Move {
  key: string;
  /** The staged write this was made from: moved only if it is still the one staged. */
  expect: MetaRecord;
  /** The entry to store in meta and bodies (deflated, or raw when that does not pay); undefined: drop it, it is corrupt. */
  record?: EntryRecord;
}

export interface UnstageResult extends CommitResult {
  /** The journal was not there (compacted by another context, evicted whole, cleared). */
  gone: boolean;
}

/**
 * Compaction: moves `moves` out of journal `id` into meta and bodies, each only if it is still
 * staged there as `expect` and no later journal stages its key (then it is only taken out). Its
 * last access is the staged one, touches included. An entry without `record` is corrupt: taken
 * out and counted. The journal goes, with its bodies, once no key is staged in it. Results: per
 * move, whether it was applied.
 */
export function unstage(db: IDBDatabase, id: number, moves: readonly Move[]): Promise<UnstageResult> {
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  const journals = new JournalEdits(tx);
  const results = new Array<boolean>(moves.length).fill(false);
  const delta = storedTotals();
  const counts: Counts = { corrupt: 0 };
  let drops = 0;
  let totals = storedTotals();
  // The counts, the journal ids and the journal itself.
  let pending = 2;
  const settle = () => {
    if (--pending > 0) return;
    journals.flush(delta);
    if (drops > 0) state.put(counts.corrupt + drops, CORRUPT_KEY);
    putTotals(tx, counts.base, delta, (written) => (totals = written));
  };
  pending += readCounts(state, counts, true, settle);
  const ids = tx.objectStore(JOURNAL).getAllKeys();
  let others = false;
  ids.onsuccess = () => {
    others = (ids.result as number[]).some((other) => other !== id);
    settle();
  };
  const move = (i: number, staged: MetaRecord, record: EntryRecord) => {
    const { key } = record;
    journals.remove(id, key, delta);
    // No record should exist (see the schema note); one that does is replaced, and counted so.
    pending++;
    const old = meta.get(key);
    old.onsuccess = () => {
      const existing = old.result as MetaRecord | undefined;
      if (existing) countRecord(delta, existing, -1);
      const { body, ...written } = { ...record, lastAccess: Math.max(staged.lastAccess, record.lastAccess) };
      meta.put(written);
      bodies.put({ record: written, body } satisfies BodyRecord, key);
      countRecord(delta, written, 1);
      results[i] = true;
      settle();
    };
  };
  let gone = false;
  journals.load(id, (journal) => {
    gone = !journal;
    if (!journal) return settle();
    moves.forEach((m, i) => {
      const at = journal.keys.indexOf(m.key);
      if (at < 0) return;
      const staged = journal.metas[at];
      const readable = isMeta(staged);
      // Without `record` it is corrupt: its body failed verification (or its staged meta is unreadable).
      const corrupt = !m.record;
      if (corrupt ? readable && !(isMeta(m.expect) && sameWrite(staged, m.expect)) : !readable || !sameWrite(staged, m.expect)) return;
      /** Moves the key (or drops it, corrupt); journals older than this one let go of it too: their values were replaced. */
      const resolve = (older: number[]) => {
        for (const other of older) journals.remove(other, m.key, delta);
        if (!corrupt) return move(i, staged as MetaRecord, m.record!);
        journals.remove(id, m.key, delta);
        drops += 1;
        results[i] = true;
      };
      if (!others) return resolve([]);
      pending++;
      journals.idsOf(m.key, (holders) => {
        // A later journal staging the key holds its value: this one only lets go.
        if (holders.some((other) => other > id)) {
          journals.remove(id, m.key, delta);
          return settle();
        }
        const older = holders.filter((other) => other < id);
        let left = older.length;
        const then = () => {
          resolve(older);
          settle();
        };
        if (left === 0) return then();
        for (const other of older) journals.load(other, () => --left === 0 && then());
      });
    });
    settle();
  });
  return done.then(() => ({ results, totals, gone }));
}

/**
 * One read in its own readonly transaction, settled by the read itself: a read's result is
 * final when it succeeds, so waiting for the transaction to complete as well would only add a
 * round trip to the backend (~0.1–0.2 ms of a 0.3–0.5 ms get here). `read` issues the requests
 * and calls `resolve`.
 */
function readOnly<T>(db: IDBDatabase, stores: string[], read: (tx: IDBTransaction, resolve: (value: T) => void) => void): Promise<T> {
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

/**
 * Looks `key` up in the journals (after it was not found in meta or bodies): calls `then` with
 * the latest journal staging it and the key's place there, or with nothing.
 */
function findStaged(tx: IDBTransaction, key: string, then: (found?: { id: number; journal: JournalRecord; at: number }) => void): void {
  const store = tx.objectStore(JOURNAL);
  const ids = store.index('keys').getAllKeys(key);
  ids.onsuccess = () => {
    const id = (ids.result as number[]).at(-1);
    if (id === undefined) return then();
    const request = store.get(id);
    request.onsuccess = () => {
      const journal = journalOf(request.result);
      const at = journal ? journal.keys.indexOf(key) : -1;
      then(journal && at >= 0 ? { id, journal, at } : undefined);
    };
  };
}

/**
 * Reads one entry (the meta as written, and the body, stored side by side) with one request; a
 * key not there is looked up in the journals: undefined when absent, null when what is stored
 * has no readable meta (corrupt). Anything else stored may come back too: check it.
 */
export function readRecord(db: IDBDatabase, key: string): Promise<EntryRecord | null | undefined> {
  return readOnly(db, [BODIES, JOURNAL, JOURNAL_BODIES], (tx, resolve) => {
    const request = tx.objectStore(BODIES).get(key);
    request.onsuccess = () => {
      if (request.result !== undefined) return resolve(entryOf(request.result));
      findStaged(tx, key, (found) => {
        if (!found) return resolve(undefined);
        const bodies = tx.objectStore(JOURNAL_BODIES).get(found.id);
        bodies.onsuccess = () => {
          const all = bodies.result as unknown;
          const body = Array.isArray(all) ? (all[found.journal.slots[found.at]!] as unknown) : undefined;
          resolve(entryOf({ record: found.journal.metas[found.at], body }));
        };
      });
    };
  });
}

/** A stored body record as an entry (the meta as written, and the body); null without a readable meta. */
function entryOf(found: unknown): EntryRecord | null {
  const { record, body } = (found ?? {}) as Partial<BodyRecord>;
  return typeof record === 'object' && record !== null ? { ...record, body: body as ArrayBuffer } : null;
}

/** Every journal's id, oldest first. */
export function readJournalIds(db: IDBDatabase): Promise<number[]> {
  return readOnly(db, [JOURNAL], (tx, resolve) => {
    const request = tx.objectStore(JOURNAL).getAllKeys();
    request.onsuccess = () => resolve(request.result as number[]);
  });
}

/**
 * Journal `id` as compaction reads it: each entry still staged there, its meta as staged and its
 * body (any value: check it). Undefined when the journal is gone or unreadable.
 */
export function readJournal(db: IDBDatabase, id: number): Promise<{ key: string; meta: MetaRecord; body: unknown }[] | undefined> {
  return readOnly(db, [JOURNAL, JOURNAL_BODIES], (tx, resolve) => {
    const request = tx.objectStore(JOURNAL).get(id);
    const bodies = tx.objectStore(JOURNAL_BODIES).get(id);
    bodies.onsuccess = () => {
      const journal = journalOf(request.result);
      const all = bodies.result as unknown;
      if (!journal) return resolve(undefined);
      resolve(journal.keys.map((key, i) => ({ key, meta: journal.metas[i]!, body: Array.isArray(all) ? (all[journal.slots[i]!] as unknown) : undefined })));
    };
  });
}

/** Reads one record's meta (no body), staged or not. */
export function readMeta(db: IDBDatabase, key: string): Promise<MetaRecord | undefined> {
  return readOnly(db, [META, JOURNAL], (tx, resolve) => {
    const request = tx.objectStore(META).get(key);
    request.onsuccess = () => {
      if (request.result !== undefined) return resolve(request.result as MetaRecord);
      findStaged(tx, key, (found) => {
        const staged = found?.journal.metas[found.at];
        resolve(isMeta(staged) ? staged : undefined);
      });
    };
  });
}

/** The totals and the corrupt count; recomputed from the metas and journals when the totals record is missing. */
export function readTotals(db: IDBDatabase): Promise<Totals> {
  const tx = db.transaction([STATE, META, JOURNAL], 'readonly');
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
    rescanTotals(tx, (scanned) => (totals = scanned));
  };
  const corruptRequest = state.get(CORRUPT_KEY);
  corruptRequest.onsuccess = () => {
    corrupt = (corruptRequest.result as number | undefined) ?? 0;
  };
  return txDone(tx).then(() => ({ entries: totals.entries, rawBytes: totals.rawBytes, storedBytes: totals.storedBytes, corrupt }));
}

/**
 * Metas, most recently accessed first, at most `limit`: the staged ones (each key from the latest
 * journal staging it) merged with a walk of the last-access index (bodies are not read).
 */
export function listMetas(db: IDBDatabase, limit: number): Promise<MetaRecord[]> {
  const tx = db.transaction([META, JOURNAL], 'readonly');
  const out: MetaRecord[] = [];
  const staged = new Map<string, MetaRecord>();
  if (limit > 0) {
    const journals = tx.objectStore(JOURNAL).getAll();
    journals.onsuccess = () => {
      // Oldest first: a later journal's meta replaces an earlier one's.
      for (const found of journals.result) {
        const journal = journalOf(found);
        journal?.keys.forEach((key, i) => {
          const meta = journal.metas[i];
          if (isMeta(meta) && typeof meta.lastAccess === 'number') staged.set(key, meta);
          else staged.delete(key);
        });
      }
    };
    const request = tx.objectStore(META).index('lastAccess').openCursor(null, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      out.push(cursor.value as MetaRecord);
      if (out.length < limit) cursor.continue();
    };
  }
  return txDone(tx).then(() => {
    if (staged.size === 0) return out;
    return [...out, ...staged.values()].sort((a, b) => b.lastAccess - a.lastAccess).slice(0, limit);
  });
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
 * pick, deletes them and rewrites the totals. When all the metas together cannot free enough
 * (the rest is staged: a burst not compacted yet), journals are deleted whole, oldest first.
 */
export function evictBatch(db: IDBDatabase, options: EvictBatchOptions): Promise<EvictBatchResult> {
  const { now, triggerBytes, targetBytes, limit, purgeExpired, spaceReason, deleteOnly } = options;
  const tx = db.transaction(ALL_STORES, 'readwrite', { durability: 'relaxed' });
  const done = txDone(tx);
  const meta = tx.objectStore(META);
  const bodies = tx.objectStore(BODIES);
  const state = tx.objectStore(STATE);
  let totals = storedTotals();
  /** Victims: records in meta, then the entries of journals evicted whole. */
  let victims: Victim[] = [];
  let metaVictims: Victim[] = [];
  let bytesToFree = 0;
  let candidates: MetaRecord[] = [];
  /** Journals evicted whole (see below), with the keys whose value they held. */
  const dropped: { id: number; journal: JournalRecord; holds: Set<string> }[] = [];

  const remove = (runs: KeyRun[]) => {
    for (const { id, journal } of dropped) {
      tx.objectStore(JOURNAL).delete(id);
      tx.objectStore(JOURNAL_BODIES).delete(id);
      countJournal(totals, journal, -1);
    }
    for (const [first, last] of runs) {
      const target = first === last ? first : IDBKeyRange.bound(first, last);
      meta.delete(target);
      bodies.delete(target);
    }
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    for (const victim of metaVictims) countRecord(totals, byKey.get(victim.key)!, -1);
    if (deleteOnly) state.delete(TOTALS_KEY);
    else state.put(totals, TOTALS_KEY);
  };

  const decide = () => {
    metaVictims = chooseVictims(candidates, { now, bytesToFree, limit, purgeExpired, spaceReason });
    victims = [...metaVictims];
    for (const { journal, holds } of dropped) {
      journal.keys.forEach((key, i) => {
        const staged = journal.metas[i];
        if (holds.has(key)) victims.push({ key, reason: isMeta(staged) && isExpired(staged, now) ? 'ttl' : spaceReason, bytes: size(staged?.rawBytes) });
      });
    }
    if (victims.length === 0 && dropped.length === 0) return;
    const sorted = metaVictims.map((v) => v.key).sort(compareKeys);
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
        const unique = new Map(candidates.map((c) => [c.key, c.storedBytes]));
        const candidateBytes = [...unique.values()].reduce((sum, bytes) => sum + bytes, 0);
        if (lru.result.length >= limit || candidateBytes >= bytesToFree) return decide();
        // Every meta is a candidate and they cannot free enough: staged bytes count as stored, so
        // journals go too, whole (their entries are the newest, so they go last), oldest first.
        const ids = tx.objectStore(JOURNAL).getAllKeys();
        const all = tx.objectStore(JOURNAL).getAll();
        all.onsuccess = () => {
          const found = (ids.result as number[]).map((id, i) => ({ id, journal: journalOf(all.result[i]) }));
          let freed = candidateBytes;
          for (const { id, journal } of found) {
            if (freed >= bytesToFree) break;
            if (!journal) continue;
            dropped.push({ id, journal, holds: new Set() });
            freed += journal.bytes;
          }
          // A key whose value a journal kept (not staged again in a later one) is evicted with it.
          const keptBy = new Map<string, number>();
          for (const { id, journal } of found) journal?.keys.forEach((key) => keptBy.set(key, id));
          for (const d of dropped) for (const key of d.journal.keys) if (keptBy.get(key) === d.id) d.holds.add(key);
          decide();
        };
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
    rescanTotals(tx, (scanned) => {
      totals = scanned;
      start();
    });
  };
  return done.then(() => ({
    victims,
    totals,
    more: metaVictims.length >= limit || (metaVictims.length > 0 && totals.storedBytes > targetBytes),
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
