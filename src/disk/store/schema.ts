// The IndexedDB schema of one cache, and the only place that opens it.
//
// Schema (version 3), one database per cache name (`databaseName(name)`):
//   meta    keyPath 'key'  MetaRecord; indexes 'lastAccess', 'expiresAt' (listing and eviction read only these)
//   bodies  out-of-line key = the same key; value = the stored bytes: an ArrayBuffer, or a Blob from
//           BLOB_BODY_BYTES on. Version 3 in tiercache 0.1 wrote `{ record, body }` (a copy of the meta beside
//           the bytes, to read an entry with one request); such records are read as they are.
//   state   out-of-line keys: 'totals' → StoredTotals, rewritten in every transaction that writes or
//           deletes; 'corrupt' → records found corrupt and deleted, ever; 'dropped' → entries an
//           upgrade could not keep, ever; 'dict:<id>' → a shared dictionary's bytes (src/dictionary/store.ts)
//
// Why two records per entry, and no copy of the meta beside the body: measured under a 20 MiB
// quota (`npm run bench:capacity`), one record per entry with its body in an indexed store let the
// origin's usage run to 2–3× the stored bytes while eviction deleted records; a 580-byte copy of
// the meta per entry is 5% of an 11.7 KB body (a fifth of what the quota holds besides the bodies).
//
// Upgrades. Version 1 noted raw records in `state` ('compact:<id>'): the notes go, the records
// are valid as they are. Version 2 staged bursts uncompressed in stores of their own: every store
// not listed above goes, with whatever it still staged (a cache may lose entries, never serve a
// wrong one); the count lands in 'dropped', and the totals record is deleted so the next
// transaction recounts from the metas.

export const SCHEMA_VERSION = 3;
export const META = 'meta';
export const BODIES = 'bodies';
export const STATE = 'state';
export const TOTALS_KEY = 'totals';
export const CORRUPT_KEY = 'corrupt';
export const DROPPED_KEY = 'dropped';
export const ALL_STORES = [META, BODIES, STATE];
/** Version 2's list of staged bursts, each `{ keys: string[] }` (their bodies sat in a second store). */
const V2_STAGED = 'journal';

/** What store `bodies` holds (or, as tiercache 0.1 wrote it, `{ record, body }` with this in `body`). */
export type StoredBody = ArrayBuffer | Blob;

/**
 * Stored bodies of at least this many bytes are Blobs: Chromium keeps each in a file of its own,
 * deleted with its record, while bytes inside a record stay in LevelDB's files until a compaction
 * (Chromium 150: none within minutes under a CDP quota). Measured, plain IndexedDB, 20 MiB quota,
 * 11.7 KB records, oldest deleted at each QuotaExceededError: as Blobs, 1,700 kept at 19.97 MiB
 * of usage; as ArrayBuffers, none (usage 35.8 MiB). The price: a put 0.5-0.7 ms instead of
 * 0.1-0.4, a get 0.9-1.0 ms instead of 0.3-0.5; below 8 KiB it is most of a get.
 */
export const BLOB_BODY_BYTES = 8 * 1024;

/** What store `bodies` holds for an entry, unwrapped from tiercache 0.1's `{ record, body }`: the bytes, a Blob, or (damaged) anything. */
export const unwrapBody = (stored: unknown): unknown => (stored as { body?: unknown } | undefined)?.body ?? stored;

/** The stored form of a body (see BLOB_BODY_BYTES). */
export const storedBody = (body: ArrayBuffer): StoredBody => (body.byteLength >= BLOB_BODY_BYTES ? new Blob([body]) : body);

/** The IndexedDB database holding the cache `name`. */
export function databaseName(name: string): string {
  return `tiercache:${name}`;
}

export interface OpenHooks {
  /** The browser closed the connection under us (storage cleared, backing store failure). */
  onClose(): void;
  /** Another context wants to upgrade: we have already closed the connection. */
  onVersionChange(): void;
}

/** Opens (creating or upgrading) the database of cache `name`. Rejects with the native error. */
export function openStore(name: string, hooks: OpenHooks): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName(name), SCHEMA_VERSION);
    request.onupgradeneeded = ({ oldVersion }) => {
      const [database, tx] = [request.result, request.transaction!];
      if (oldVersion < 1) {
        const meta = database.createObjectStore(META, { keyPath: 'key' });
        meta.createIndex('lastAccess', 'lastAccess');
        meta.createIndex('expiresAt', 'expiresAt');
        database.createObjectStore(BODIES);
        database.createObjectStore(STATE);
      }
      if (oldVersion === 1) tx.objectStore(STATE).delete(IDBKeyRange.bound('compact:', 'compact;', false, true));
      if (oldVersion === 2) dropStaged(database, tx);
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => (db.close(), hooks.onVersionChange());
      db.onclose = () => hooks.onClose();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  });
}

/** Version 2 → 3: counts the keys version 2 still staged, then deletes every store this version does not use. */
function dropStaged(db: IDBDatabase, tx: IDBTransaction): void {
  const state = tx.objectStore(STATE);
  const before = state.get(DROPPED_KEY);
  const staged = tx.objectStore(V2_STAGED).getAll();
  staged.onsuccess = () => {
    const keys = new Set((staged.result as { keys?: unknown }[]).flatMap((batch) => (Array.isArray(batch?.keys) ? batch.keys : [])));
    if (keys.size > 0) state.put((typeof before.result === 'number' ? before.result : 0) + keys.size, DROPPED_KEY);
    state.delete(TOTALS_KEY);
    for (const name of Array.from(db.objectStoreNames)) if (!ALL_STORES.includes(name)) db.deleteObjectStore(name);
  };
}
