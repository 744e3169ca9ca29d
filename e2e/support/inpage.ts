// Helpers installed in every test page (context.addInitScript) before the app's own scripts:
// they record what the app must never see (unhandled rejections), hold the caches a test makes,
// and read IndexedDB directly so the tests never trust the cache's own accounting.
// Everything here runs in the browser and must be self-contained (it is serialised).
import type { CacheError } from '../../src/errors.ts';
import type { TierCache } from '../../src/index.ts';
import type { CreateCacheOptions } from '../../src/client/createCache.ts';
import type { EvictDetail } from '../../src/types.ts';

/** One record as found by a raw scan of a tiercache database. */
export interface ScannedRecord {
  key: string;
  v: unknown;
  kind: unknown;
  codec: unknown;
  rawBytes: unknown;
  storedBytes: unknown;
  /** Byte length of the body in store `bodies`, or -1 when it is missing or not an ArrayBuffer. */
  bodyBytes: number;
  status: unknown;
  headers: unknown;
}

export interface Scan {
  exists: boolean;
  records: ScannedRecord[];
  /** Keys in `bodies` without a `meta` record. */
  orphanBodies: string[];
  totals: { entries: number; rawBytes: number; storedBytes: number; corrupt?: number } | undefined;
  /** Sums computed from the records themselves. */
  sum: { entries: number; rawBytes: number; storedBytes: number };
  /** Corrupt records deleted, ever, as stored (state key 'corrupt', or a field of the totals). */
  corrupt: number | undefined;
}

export interface PageHelpers {
  rejections: string[];
  caches: Record<string, TierCache>;
  errors: Record<string, { code: string; message: string; cause: string }[]>;
  evicts: Record<string, EvictDetail[]>;
  /** Creates a cache with window.createCache and records its error and evict events under `id`. */
  make(id: string, options: CreateCacheOptions): TierCache;
  scan(dbName: string): Promise<Scan>;
  /** Every IndexedDB database of the origin and every Cache Storage entry, searched for each needle (UTF-8 and UTF-16). */
  grep(needles: string[]): Promise<{ needle: string; where: string }[]>;
  /** Runs fn on a raw connection to dbName (no version: whatever exists). */
  raw<T>(dbName: string, fn: (db: IDBDatabase) => Promise<T>): Promise<T>;
  randomBytes(n: number, seed: number): Uint8Array;
  sameBytes(a: unknown, b: Uint8Array): boolean;
}

declare global {
  interface Window {
    tc: PageHelpers;
  }
}

export function installPageHelpers(): void {
  const rejections: string[] = [];
  addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    rejections.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  });

  const request = <T>(req: IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });

  async function exists(dbName: string): Promise<boolean> {
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === dbName);
  }

  async function raw<T>(dbName: string, fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    const db = await request(indexedDB.open(dbName));
    try {
      return await fn(db);
    } finally {
      db.close();
    }
  }

  async function scan(dbName: string): Promise<Scan> {
    const empty: Scan = { exists: false, records: [], orphanBodies: [], totals: undefined, sum: { entries: 0, rawBytes: 0, storedBytes: 0 }, corrupt: undefined };
    if (!(await exists(dbName))) return empty;
    return raw(dbName, async (db) => {
      if (!db.objectStoreNames.contains('meta')) return { ...empty, exists: true };
      const tx = db.transaction(['meta', 'bodies', 'state'], 'readonly');
      const [metas, bodyKeys, bodies, totals, corrupt] = await Promise.all([
        request(tx.objectStore('meta').getAll()),
        request(tx.objectStore('bodies').getAllKeys()),
        request(tx.objectStore('bodies').getAll()),
        request(tx.objectStore('state').get('totals')),
        request(tx.objectStore('state').get('corrupt')),
      ]);
      const bodyBytes = new Map<string, number>();
      bodyKeys.forEach((k, i) => {
        // A body is an ArrayBuffer or a Blob, or (as tiercache 0.1 wrote it) { record, body }.
        const v: unknown = bodies[i];
        const b: unknown = v instanceof ArrayBuffer || v instanceof Blob ? v : (v as { body?: unknown } | undefined)?.body;
        bodyBytes.set(String(k), b instanceof ArrayBuffer ? b.byteLength : b instanceof Blob ? b.size : -1);
      });
      const records: ScannedRecord[] = [];
      const sum = { entries: 0, rawBytes: 0, storedBytes: 0 };
      const metaKeys = new Set<string>();
      for (const m of metas as Record<string, unknown>[]) {
        const key = String(m.key);
        metaKeys.add(key);
        const meta = m.meta as { status?: unknown; headers?: unknown } | undefined;
        records.push({
          key,
          v: m.v,
          kind: m.kind,
          codec: m.codec,
          rawBytes: m.rawBytes,
          storedBytes: m.storedBytes,
          bodyBytes: bodyBytes.get(key) ?? -1,
          status: meta?.status,
          headers: meta?.headers,
        });
        sum.entries += 1;
        sum.rawBytes += Number(m.rawBytes);
        sum.storedBytes += Number(m.storedBytes);
      }
      const orphanBodies = [...bodyBytes.keys()].filter((k) => !metaKeys.has(k));
      const stored = totals as Scan['totals'];
      return { exists: true, records, orphanBodies, totals: stored, sum, corrupt: typeof corrupt === 'number' ? corrupt : stored?.corrupt };
    });
  }

  const utf8 = new TextEncoder();
  function utf16(text: string): Uint8Array {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      out[2 * i] = text.charCodeAt(i) & 0xff;
      out[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    return out;
  }
  function contains(hay: Uint8Array, needle: Uint8Array): boolean {
    if (needle.length === 0) return true;
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }
  async function inflate(bytes: Uint8Array): Promise<Uint8Array | undefined> {
    for (const format of ['deflate-raw', 'deflate', 'gzip'] as const) {
      try {
        const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream(format));
        return new Uint8Array(await new Response(stream).arrayBuffer());
      } catch {
        // not this format
      }
    }
    return undefined;
  }
  /** Every byte sequence reachable from a stored value: strings, keys, buffers (and their inflated form). */
  async function blobsOf(value: unknown, out: Uint8Array[], depth = 0): Promise<void> {
    if (depth > 8 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      out.push(utf8.encode(value));
      return;
    }
    if (typeof value !== 'object') {
      out.push(utf8.encode(String(value)));
      return;
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      out.push(bytes);
      const inflated = await inflate(bytes);
      if (inflated) out.push(inflated);
      return;
    }
    if (value instanceof Blob) {
      out.push(new Uint8Array(await value.arrayBuffer()));
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      out.push(utf8.encode(k));
      await blobsOf(v, out, depth + 1);
    }
  }

  async function grep(needles: string[]): Promise<{ needle: string; where: string }[]> {
    const found: { needle: string; where: string }[] = [];
    const patterns = needles.map((n) => ({ needle: n, forms: [utf8.encode(n), utf16(n)] }));
    const check = (blobs: Uint8Array[], where: string) => {
      for (const p of patterns) {
        if (blobs.some((b) => p.forms.some((f) => contains(b, f)))) found.push({ needle: p.needle, where });
      }
    };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      check([utf8.encode(info.name)], `database name ${info.name}`);
      await raw(info.name, async (db) => {
        for (const storeName of Array.from(db.objectStoreNames)) {
          const tx = db.transaction(storeName, 'readonly');
          const store = tx.objectStore(storeName);
          const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
          for (let i = 0; i < keys.length; i++) {
            const blobs: Uint8Array[] = [];
            await blobsOf(keys[i], blobs);
            await blobsOf(values[i], blobs);
            check(blobs, `${info.name}/${storeName}/${String(keys[i])}`);
          }
        }
      });
    }
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const blobs: Uint8Array[] = [utf8.encode(req.url), utf8.encode(JSON.stringify([...req.headers]))];
        if (res) {
          blobs.push(utf8.encode(JSON.stringify([...res.headers])));
          blobs.push(new Uint8Array(await res.arrayBuffer()));
        }
        check(blobs, `Cache Storage ${cacheName} ${req.url}`);
      }
    }
    return found;
  }

  function randomBytes(n: number, seed: number): Uint8Array {
    // xorshift32: incompressible and reproducible, so a reader can check every byte.
    const out = new Uint8Array(n);
    let x = seed | 0 || 1;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  }

  function sameBytes(a: unknown, b: Uint8Array): boolean {
    if (!(a instanceof Uint8Array) || a.byteLength !== b.byteLength) return false;
    for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  const helpers: PageHelpers = {
    rejections,
    caches: {},
    errors: {},
    evicts: {},
    make(id, options) {
      const cache = window.createCache(options);
      const errors: { code: string; message: string; cause: string }[] = [];
      const evicts: EvictDetail[] = [];
      cache.addEventListener('error', (e) => {
        const error = (e as CustomEvent<{ error: CacheError }>).detail.error;
        const cause = (error as { cause?: { name?: unknown; message?: unknown } } | undefined)?.cause;
        errors.push({ code: String(error?.code), message: String(error?.message), cause: cause ? `${String(cause.name)}: ${String(cause.message)}` : '' });
      });
      cache.addEventListener('evict', (e) => evicts.push((e as CustomEvent<EvictDetail>).detail));
      helpers.caches[id] = cache;
      helpers.errors[id] = errors;
      helpers.evicts[id] = evicts;
      return cache;
    },
    scan,
    grep,
    raw,
    randomBytes,
    sameBytes,
  };
  window.tc = helpers;
}
