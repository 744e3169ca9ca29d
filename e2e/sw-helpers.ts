// Shared steps of the sw-* end-to-end specs: open the test page (e2e-pages/cache.html) and
// wait until the demo worker controls it.
import type { BrowserContext, Page } from '@playwright/test';

export const TEST_PAGE = '/e2e-pages/cache.html';

export async function openControlled(page: Page, query = ''): Promise<void> {
  await page.goto(TEST_PAGE + query);
  const controlled = await page.evaluate(() => window.swReady);
  if (!controlled) throw new Error('the worker did not take control of the test page');
}

export interface Fetched {
  status: number;
  xCache: string | null;
  /** X-Cache-Bypass: why a response was not cached. */
  bypass: string | null;
  age: string | null;
  headers: Record<string, string>;
  body: unknown;
}

/** fetch() in the page; returns status, X-Cache, X-Cache-Bypass, Age, the headers and the parsed JSON body (or the error text). */
export async function pageFetch(page: Page, url: string, init: RequestInit = {}): Promise<Fetched | { error: string }> {
  return page.evaluate(
    async ([u, i]) => {
      try {
        const r = await fetch(u, i);
        const text = await r.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        const headers: Record<string, string> = {};
        r.headers.forEach((value, key) => (headers[key] = value));
        return { status: r.status, xCache: r.headers.get('x-cache'), bypass: r.headers.get('x-cache-bypass'), age: r.headers.get('age'), headers, body };
      } catch (err) {
        return { error: String(err) };
      }
    },
    [url, init] as const,
  );
}

/** Keys of the records the worker stored for its routes (database 'api'), asked through the protocol. */
export async function routeRecordKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const api = window.createCache({ name: 'api', memory: { maxEntries: 10 } });
    const seen = await api.inspect({ limit: 1000 });
    api.close();
    return seen.disk.entries.map((e) => e.key);
  });
}

export async function stopWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Whether any IndexedDB record of the origin contains `needle` (in keys, strings or raw bytes). */
export async function indexedDbContains(page: Page, needle: string): Promise<boolean> {
  return page.evaluate(async (n) => {
    const latin1 = (b: ArrayBufferLike | ArrayBufferView) => {
      const u = ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
      let s = '';
      for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]!);
      return s;
    };
    const has = (v: unknown, depth = 0): boolean => {
      if (depth > 8 || v === null || v === undefined) return false;
      if (typeof v === 'string') return v.includes(n);
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return latin1(v as ArrayBuffer).includes(n);
      if (typeof v === 'object') return Object.values(v as object).some((x) => has(x, depth + 1));
      return false;
    };
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store);
        const [keys, values] = await Promise.all(
          [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
            (r) => new Promise<unknown[]>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error)))),
          ),
        );
        if (has(keys) || has(values)) return true;
      }
      db.close();
    }
    return false;
  }, needle);
}
