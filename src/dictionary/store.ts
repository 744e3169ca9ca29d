// Dictionaries in IndexedDB: each once, its bytes as an ArrayBuffer in the cache's `state` store
// under `dict:<id>` (no schema change: `state` takes any key), referenced from each record's meta
// by id and checksum. An id starts with its creation time (base 36, fixed width), so ids sort by
// it: the newest dictionary is the last key of the range, and a key tells its age.
import { META, STATE } from '../disk/store/schema.ts';
import { readOnly, txDone } from '../disk/store/transaction.ts';

const PREFIX = 'dict:';
/** Every dictionary key: 'dict:' up to, not including, 'dict;' (made when used: a module may load where IndexedDB is not). */
const range = () => IDBKeyRange.bound(PREFIX, 'dict;', false, true);

/** A new dictionary's id: its creation time and a random tail against two tiers creating one in the same millisecond. */
export function newId(now: number): string {
  return `${Math.floor(now).toString(36).padStart(10, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** When the dictionary `id` was created (ms since epoch). */
export const createdAt = (id: string): number => parseInt(id.slice(0, 10), 36);

/** A stored dictionary's bytes: only an ArrayBuffer counts (a tampered record may hold anything). */
const asBytes = (value: unknown): ArrayBuffer | undefined => (value instanceof ArrayBuffer ? value : undefined);

/** Stores a dictionary; resolves once its transaction completed (only then may a record refer to it). */
export function saveDictionary(db: IDBDatabase, id: string, dictionary: ArrayBuffer): Promise<void> {
  const tx = db.transaction(STATE, 'readwrite');
  tx.objectStore(STATE).put(dictionary, PREFIX + id);
  return txDone(tx);
}

/** The dictionary `id`, or undefined when it is missing or unreadable. */
export function loadDictionary(db: IDBDatabase, id: string): Promise<ArrayBuffer | undefined> {
  return readOnly(db, STATE, (tx, resolve) => {
    const request = tx.objectStore(STATE).get(PREFIX + id);
    request.onsuccess = () => resolve(asBytes(request.result));
  });
}

/** The newest stored dictionary (a tier that opens adopts it rather than training its own). */
export function latestDictionary(db: IDBDatabase): Promise<{ id: string; bytes: ArrayBuffer } | undefined> {
  return readOnly(db, STATE, (tx, resolve) => {
    const request = tx.objectStore(STATE).openCursor(range(), 'prev');
    request.onsuccess = () => {
      const bytes = asBytes(request.result?.value);
      resolve(bytes && { id: String(request.result!.key).slice(PREFIX.length), bytes });
    };
  });
}

/**
 * Deletes every stored dictionary that no record refers to, except those `keep` names (in use,
 * or too new to judge: another tier may be about to write records against it). One transaction
 * over `meta` and `state`, so no write lands between the scan and the deletes. It reads every
 * meta (small records, no bodies), so it runs after a retrain and when a tier
 * opens, not per write. Resolves to the ids deleted.
 */
export function collectDictionaries(db: IDBDatabase, keep: (id: string) => boolean): Promise<string[]> {
  const tx = db.transaction([META, STATE], 'readwrite');
  const deleted: string[] = [];
  const metas = tx.objectStore(META).getAll();
  const keys = tx.objectStore(STATE).getAllKeys(range());
  keys.onsuccess = () => {
    const used = new Set((metas.result as { dictionary?: { id?: unknown } }[]).map((m) => m.dictionary?.id));
    (keys.result as string[]).forEach((key) => {
      const id = key.slice(PREFIX.length);
      if (used.has(id) || keep(id)) return;
      tx.objectStore(STATE).delete(key);
      deleted.push(id);
    });
  };
  return txDone(tx).then(() => deleted);
}
