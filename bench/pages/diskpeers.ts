// The page's half of bench/diskpeers.mjs: tiercache's DiskTier against localForage (the peer
// `bench:disk` does not cover), on the same parsed JSON values. Each call measures one
// implementation once, in its own fresh database; the node side alternates and takes medians.
import localforage from 'localforage';
import { DiskTier } from '../../src/disk/index.ts';
import { decodeValue, encodeValue } from '../../src/value.ts';
import { record } from './scale.ts';

export type PeerImpl = 'tiercache' | 'localforage';

export interface PeerSample {
  putMs: number;
  getP50Ms: number;
  getP95Ms: number;
  verified: number;
}

/** `count` values; each is `perValue` product records (≈5.4 KB each) as parsed JSON. */
function corpus(count: number, perValue: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({ items: Array.from({ length: perValue }, (_, j) => JSON.parse(record(i * perValue + j)) as unknown) }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Puts every value at once (one task), then `reads` random single gets, decoded, checked. */
export async function diskPeer(impl: PeerImpl, db: string, count: number, perValue: number, reads: number): Promise<PeerSample> {
  const values = corpus(count, perValue);
  const keys = values.map((_, i) => `value:${i}`);
  let put: (key: string, value: unknown) => Promise<unknown>;
  let get: (key: string) => Promise<unknown>;
  if (impl === 'tiercache') {
    const tier = new DiskTier({ name: db, maxBytes: 1 << 30 });
    await tier.has('warm-up'); // open the database outside the timing, as localForage's ready() does
    put = (key, value) => tier.set(key, encodeValue(value));
    get = async (key) => {
      const hit = await tier.get(key);
      return hit ? decodeValue(hit.value) : undefined;
    };
  } else {
    const store = localforage.createInstance({ name: db, storeName: 'values', driver: localforage.INDEXEDDB });
    await store.ready();
    put = (key, value) => store.setItem(key, value);
    get = (key) => store.getItem(key);
  }
  let started = performance.now();
  await Promise.all(values.map((value, i) => put(keys[i]!, value)));
  const putMs = performance.now() - started;
  const times: number[] = [];
  let verified = 0;
  for (let i = 0; i < reads; i++) {
    const index = (i * 7919) % count;
    started = performance.now();
    const value = (await get(keys[index]!)) as { items?: { id?: number }[] } | undefined;
    times.push(performance.now() - started);
    if (value?.items?.[0]?.id === index * perValue) verified++;
  }
  return { putMs, getP50Ms: percentile(times, 0.5), getP95Ms: percentile(times, 0.95), verified };
}
