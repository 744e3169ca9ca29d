// Reads: one entry, one meta, a listing by last access. Each in its own readonly transaction.
import { isMeta, type EntryRecord, type MetaRecord } from '../record.ts';
import { BODIES, META } from './schema.ts';
import { readOnly } from './transaction.ts';

/**
 * Reads one entry: its meta and its body, two requests in one transaction (never one without the
 * other). Undefined when there is no meta, null when the stored meta is not an object (corrupt).
 * The body comes back as stored (see StoredBody), a Blob's bytes read once the transaction is done
 * (undefined if its file is gone or unreadable); anything else, for the codec to refuse.
 */
export async function readRecord(db: IDBDatabase, key: string): Promise<EntryRecord | null | undefined> {
  const [record, stored] = await readOnly<unknown[]>(db, [META, BODIES], (tx, resolve) => {
    const meta = tx.objectStore(META).get(key);
    const body = tx.objectStore(BODIES).get(key);
    body.onsuccess = () => resolve([meta.result, body.result]); // requests succeed in order
  });
  if (record === undefined) return undefined;
  if (!isMeta(record)) return null;
  const inner = (stored as { body?: unknown } | undefined)?.body ?? stored; // tiercache 0.1's { record, body }, or the body
  return { ...record, body: (inner instanceof Blob ? await inner.arrayBuffer().catch(() => undefined) : inner) as ArrayBuffer };
}

/** Reads one record's meta (no body). */
export function readMeta(db: IDBDatabase, key: string): Promise<MetaRecord | undefined> {
  return readOnly(db, META, (tx, resolve) => {
    const request = tx.objectStore(META).get(key);
    request.onsuccess = () => resolve(request.result as MetaRecord | undefined);
  });
}

/** Metas, most recently accessed first, at most `limit`, walking the last-access index (bodies are not read). */
export function listMetas(db: IDBDatabase, limit: number): Promise<MetaRecord[]> {
  return readOnly(db, META, (tx, resolve) => {
    const out: MetaRecord[] = [];
    if (limit <= 0) return resolve(out);
    const request = tx.objectStore(META).index('lastAccess').openCursor(null, 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor) out.push(cursor.value as MetaRecord);
      if (!cursor || out.length >= limit) return resolve(out);
      cursor.continue();
    };
  });
}
