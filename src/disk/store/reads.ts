// Reads: one entry, one meta, a listing by last access. Each in its own readonly transaction.
import type { EntryRecord, MetaRecord } from '../record.ts';
import { BODIES, META, unwrapBody } from './schema.ts';
import { readOnly } from './transaction.ts';

/**
 * Reads one entry: its meta and its body, two requests in one transaction (never one without the
 * other); undefined when there is no meta. The body comes back as stored (see StoredBody), a Blob's
 * bytes read once the transaction is done (undefined if its file is gone or unreadable); anything
 * else, for the codec to refuse.
 */
export async function readRecord(db: IDBDatabase, key: string): Promise<EntryRecord | undefined> {
  const [record, stored] = await readOnly<[MetaRecord | undefined, unknown]>(db, [META, BODIES], (tx, resolve) => {
    const meta = tx.objectStore(META).get(key);
    const body = tx.objectStore(BODIES).get(key);
    body.onsuccess = () => resolve([meta.result as MetaRecord | undefined, body.result]); // requests succeed in order
  });
  if (record === undefined) return undefined;
  const body = unwrapBody(stored);
  return { ...record, body: (body instanceof Blob ? await body.arrayBuffer().catch(() => undefined) : body) as ArrayBuffer };
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
