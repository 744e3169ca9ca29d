// Reads: one entry, one meta, a listing by last access. Each in its own readonly transaction.
import { isMeta, type EntryRecord, type MetaRecord } from '../record.ts';
import { BODIES, META, type BodyRecord } from './schema.ts';
import { readOnly } from './transaction.ts';

/**
 * Reads one entry (the meta as written, and the body, stored side by side) with one request:
 * undefined when absent, null when what is stored has no readable meta (corrupt). Anything else
 * stored may come back too: the codec checks it.
 */
export function readRecord(db: IDBDatabase, key: string): Promise<EntryRecord | null | undefined> {
  return readOnly(db, BODIES, (tx, resolve) => {
    const request = tx.objectStore(BODIES).get(key);
    request.onsuccess = () => {
      if (request.result === undefined) return resolve(undefined);
      const { record, body } = request.result as Partial<BodyRecord>;
      resolve(isMeta(record) ? { ...record, body: body as ArrayBuffer } : null);
    };
  });
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
