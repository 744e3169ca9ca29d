// Helpers for the DiskTier browser tests: unique databases, raw IndexedDB access for tampering
// and for independent full scans (the tests never trust the tier's own accounting).
import { DiskTier, databaseName } from '../../src/disk/index.ts';
import { unwrapBody } from '../../src/disk/store/schema.ts';
import type { DiskTierOptions } from '../../src/diskContract.ts';
import type { CacheError } from '../../src/errors.ts';
import type { EvictDetail } from '../../src/types.ts';

let counter = 0;
export function uniqueName(label: string): string {
  return `test-${label}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function makeTier(label: string, options: Partial<DiskTierOptions> = {}): DiskTier {
  return new DiskTier({ name: uniqueName(label), ...options });
}

/** Records every evict and error event of a tier. */
export function recordEvents(tier: DiskTier): { evicts: EvictDetail[]; errors: CacheError[] } {
  const evicts: EvictDetail[] = [];
  const errors: CacheError[] = [];
  tier.addEventListener('evict', (e) => evicts.push((e as CustomEvent<EvictDetail>).detail));
  tier.addEventListener('error', (e) => errors.push((e as CustomEvent<{ error: CacheError }>).detail.error));
  return { evicts, errors };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens the tier's database directly (after the tier created it). */
export async function rawOpen(name: string): Promise<IDBDatabase> {
  return request(indexedDB.open(databaseName(name)));
}

export async function rawTransaction<T>(
  name: string,
  mode: IDBTransactionMode,
  fn: (stores: { meta: IDBObjectStore; bodies: IDBObjectStore; state: IDBObjectStore }) => Promise<T> | T,
): Promise<T> {
  const db = await rawOpen(name);
  try {
    const tx = db.transaction(['meta', 'bodies', 'state'], mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    const result = await fn({
      meta: tx.objectStore('meta'),
      bodies: tx.objectStore('bodies'),
      state: tx.objectStore('state'),
    });
    await done;
    return result;
  } finally {
    db.close();
  }
}

export { request };

/** What store `bodies` holds for an entry: its bytes, or a Blob of them (see unwrapBody). */
export const bodyOf = (stored: unknown) => unwrapBody(stored) as ArrayBuffer | Blob | undefined;

/** An entry's stored bytes, read as the tier reads them (a Blob's once its transaction is done). */
export async function readBody(name: string, key: string): Promise<ArrayBuffer | undefined> {
  const body = bodyOf(await rawTransaction(name, 'readonly', ({ bodies }) => request(bodies.get(key))));
  return body instanceof Blob ? body.arrayBuffer() : body;
}

/** A full scan: counts records and sums sizes from the records themselves, and checks bodies match. */
export async function fullScan(
  name: string,
): Promise<{
  entries: number;
  rawBytes: number;
  storedBytes: number;
  bodyBytes: number;
  bodies: number;
  /** The totals record, read in the same transaction as the scan. */
  totals: { entries: number; rawBytes: number; storedBytes: number } | undefined;
}> {
  return rawTransaction(name, 'readonly', async ({ meta, bodies, state }) => {
    const metas = (await request(meta.getAll())) as { rawBytes: number; storedBytes: number }[];
    const allBodies = ((await request(bodies.getAll())) as unknown[]).map(bodyOf);
    const totals = (await request(state.get('totals'))) as { entries: number; rawBytes: number; storedBytes: number } | undefined;
    return {
      totals,
      entries: metas.length,
      rawBytes: metas.reduce((s, m) => s + m.rawBytes, 0),
      storedBytes: metas.reduce((s, m) => s + m.storedBytes, 0),
      bodyBytes: allBodies.reduce((s, b) => s + (b instanceof Blob ? b.size : (b?.byteLength ?? 0)), 0),
      bodies: allBodies.length,
    };
  });
}

export async function deleteDatabase(name: string): Promise<void> {
  await request(indexedDB.deleteDatabase(databaseName(name)) as unknown as IDBRequest<unknown>);
}

/** Deterministic JSON-like value of roughly `bytes` bytes when stringified. */
export function jsonValue(seed: number, bytes: number): unknown {
  const items: unknown[] = [];
  let size = 2;
  let i = 0;
  while (size < bytes) {
    const item = {
      id: seed * 100_000 + i,
      name: `item ${seed}-${i}`,
      price: ((seed * 7919 + i * 104729) % 100_000) / 100,
      tags: ['alpha', 'beta', 'gamma'].slice(0, (i % 3) + 1),
      active: (i + seed) % 2 === 0,
      description: `Product ${i} of batch ${seed}: a sturdy thing for everyday use`,
    };
    size += JSON.stringify(item).length + 1;
    items.push(item);
    i++;
  }
  return { seed, items };
}

/** Incompressible bytes (xorshift). */
export { randomBytes } from '../support/bytes.ts';
