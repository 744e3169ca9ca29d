// Dictionaries in IndexedDB: each once, in the cache's `state` store under `dict:<id>` (no schema
// change: `state` takes any key), referenced from each record's meta by id and checksum.
// Ids sort by creation time, so the newest dictionary is the last key of the range.
import { META, STATE } from '../disk/store/schema.ts';
import { readOnly, txDone } from '../disk/store/transaction.ts';

export interface StoredDictionary {
  bytes: ArrayBuffer;
  createdAt: number;
}

const PREFIX = 'dict:';
/** Every dictionary key: 'dict:' up to, not including, 'dict;'. */
const RANGE = IDBKeyRange.bound(PREFIX, 'dict;', false, true);

/** A new dictionary's id: its creation time (fixed width, so ids sort by it) and a random tail against two tiers creating one in the same millisecond. */
export function newId(now: number): string {
  return `${Math.floor(now).toString(36).padStart(10, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A stored dictionary as found: bytes only when they are an ArrayBuffer (a tampered record may hold anything). */
function asDictionary(value: unknown): StoredDictionary | undefined {
  const { bytes, createdAt } = (value ?? {}) as Partial<StoredDictionary>;
  return bytes instanceof ArrayBuffer ? { bytes, createdAt: typeof createdAt === 'number' ? createdAt : 0 } : undefined;
}

/** Stores a dictionary; resolves once its transaction completed (only then may a record refer to it). */
export function saveDictionary(db: IDBDatabase, id: string, dictionary: StoredDictionary): Promise<void> {
  const tx = db.transaction(STATE, 'readwrite');
  tx.objectStore(STATE).put(dictionary, PREFIX + id);
  return txDone(tx);
}

/** The dictionary `id`, or undefined when it is missing or unreadable. */
export function loadDictionary(db: IDBDatabase, id: string): Promise<StoredDictionary | undefined> {
  return readOnly(db, STATE, (tx, resolve) => {
    const request = tx.objectStore(STATE).get(PREFIX + id);
    request.onsuccess = () => resolve(asDictionary(request.result));
  });
}

/** The newest stored dictionary (a tier that opens adopts it rather than training its own). */
export function latestDictionary(db: IDBDatabase): Promise<{ id: string; dictionary: StoredDictionary } | undefined> {
  return readOnly(db, STATE, (tx, resolve) => {
    const request = tx.objectStore(STATE).openCursor(RANGE, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      const dictionary = cursor ? asDictionary(cursor.value) : undefined;
      resolve(cursor && dictionary ? { id: String(cursor.key).slice(PREFIX.length), dictionary } : undefined);
    };
  });
}

/**
 * Deletes every stored dictionary that no record refers to, except those `keep` names (in use,
 * or too new to judge: another tier may be about to write records against it). One transaction
 * over `meta` and `state`, so no write lands between the scan and the deletes. It reads every
 * meta (small records: ~2 ms for 2,000 here), so it runs after a retrain and after many
 * evictions, not per write. Resolves to the ids deleted.
 */
export function collectDictionaries(db: IDBDatabase, keep: (id: string, createdAt: number) => boolean): Promise<string[]> {
  const tx = db.transaction([META, STATE], 'readwrite');
  const deleted: string[] = [];
  const metas = tx.objectStore(META).getAll();
  const stored = tx.objectStore(STATE).getAll(RANGE);
  const keys = tx.objectStore(STATE).getAllKeys(RANGE);
  keys.onsuccess = () => {
    const used = new Set((metas.result as { dictionary?: { id?: unknown } }[]).map((m) => m.dictionary?.id));
    (keys.result as string[]).forEach((key, i) => {
      const id = key.slice(PREFIX.length);
      if (used.has(id) || keep(id, asDictionary(stored.result[i])?.createdAt ?? 0)) return;
      tx.objectStore(STATE).delete(key);
      deleted.push(id);
    });
  };
  return txDone(tx).then(() => deleted);
}
