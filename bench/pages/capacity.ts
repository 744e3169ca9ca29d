// The page's half of bench/capacity.mjs: fill through an implementation while online, then count
// what it still serves offline. A response counts as served only when it is a 200 whose body
// hashes to what was fetched online.
import localforage from 'localforage';
import { describe, pool, sha256 } from './common.ts';

export type CapacityImpl = 'tiercache' | 'workbox' | 'localforage';

export interface FillResult {
  fetched: number;
  bytes: number;
  /** Every failure the page's own code saw: rejections and non-200 answers. */
  errors: string[];
  ms: number;
}

export interface CheckResult {
  served: number;
  missing: number;
  mismatched: number;
  ms: number;
}

const hashes = new Map<string, string>();
let store: LocalForage | undefined;

function forage(): LocalForage {
  store ??= localforage.createInstance({ name: 'bench', storeName: 'responses', driver: localforage.INDEXEDDB });
  return store;
}

export async function fill(impl: CapacityImpl, urls: readonly string[], concurrency: number): Promise<FillResult> {
  const started = performance.now();
  const errors: string[] = [];
  let fetched = 0;
  let bytes = 0;
  await pool(urls, concurrency, async (url) => {
    try {
      const response = await fetch(url);
      if (response.status !== 200) {
        errors.push(`HTTP ${response.status} for ${url}`);
        return;
      }
      const text = await response.text();
      bytes += text.length;
      fetched++;
      if (impl === 'localforage') {
        // The app's way with localForage: store the parsed JSON under the URL.
        const data: unknown = JSON.parse(text);
        hashes.set(url, await sha256(JSON.stringify(data)));
        await forage().setItem(url, data);
      } else {
        hashes.set(url, await sha256(text));
      }
      if (fetched % 100 === 0) console.debug(`bench: fill ${fetched}/${urls.length} ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      errors.push(describe(error));
    }
  });
  return { fetched, bytes, errors, ms: performance.now() - started };
}

export async function check(impl: CapacityImpl, urls: readonly string[], concurrency: number): Promise<CheckResult> {
  const started = performance.now();
  let served = 0;
  let missing = 0;
  let mismatched = 0;
  await pool(urls, concurrency, async (url) => {
    const expected = hashes.get(url);
    try {
      let text: string;
      if (impl === 'localforage') {
        const data = await forage().getItem<unknown>(url);
        if (data === null) {
          missing++;
          return;
        }
        text = JSON.stringify(data);
      } else {
        const response = await fetch(url);
        if (response.status !== 200) {
          missing++;
          return;
        }
        text = await response.text();
      }
      if (expected !== undefined && (await sha256(text)) === expected) served++;
      else mismatched++;
    } catch {
      missing++; // offline and not stored: fetch rejects
    }
  });
  return { served, missing, mismatched, ms: performance.now() - started };
}
