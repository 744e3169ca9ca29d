// The page's half of bench/scale.mjs: fill a DiskTier with N deterministic JSON records (~5.4 KB
// raw each, so 100k records ≈ 515 MiB raw), then, each in a fresh page, time opening it,
// stats(), random reads and one eviction pass that frees 10%.
import { DiskTier } from '../../src/disk/index.ts';
import type { TrimResult } from '../../src/types.ts';

/** Large enough that filling never evicts (the quota hint is usage + 10 GiB in Chromium). */
const FILL_BUDGET = 4 * 1024 ** 3;
/**
 * The bench measures how long opening takes, so it must not give up: DiskTier's default
 * openTimeoutMs (3 s) would switch to memory-only mode and the "open time" would be the timeout.
 */
const OPEN_TIMEOUT_MS = 120_000;
/** Sets issued per task: they share transactions (DiskTier splits at 1 MiB). */
const CHUNK = 1000;

const VOCAB =
  'account active address album amber anchor answer archive arrow autumn balance banner basket battery beacon binary blanket border bottle branch bridge bright bucket buffer cable cactus camera candle canvas carbon carpet castle celery cellar cement center chalk change channel charge cherry circle clever climate cloud cobalt coffee column comet common copper corner cotton county cradle credit crystal current custom cycle dance debate decade delta desert detail device dinner direct docket domain double dragon driver eager early earth effect eleven empire engine equal error estate evening export fabric factor falcon family fancy farmer fellow fiber figure filter finger flavor flight floral folder forest format fossil frame freeze friend frozen future galaxy garden gentle giant ginger glacier global golden gravel growth guitar hammer handle harbor harvest hazard health helmet hidden hollow honey horizon humble hunter ignite import indigo inland insect island jacket jungle kernel kettle ladder lantern laptop lemon lesson letter linear liquid little lizard lumber magnet marble market meadow medium memory metal middle mirror modern moment motion mountain muffin native nectar needle nickel noble normal number object ocean office orange orbit origin output oyster packet paddle palace panel paper parcel pepper period pillow pirate planet plastic pocket poetry pollen portal powder prairie prism puzzle quartz rabbit random ribbon rocket rubber saddle salmon sample scarlet screen season signal silver simple sketch socket spiral spring stable status stream studio summit sunset switch symbol tablet talent temple thread ticket timber tomato tunnel turtle vector velvet vendor violet voyage walnut window winter wizard yellow zephyr'.split(
    ' ',
  );

/** mulberry32, seeded per record: record i is the same bytes in every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function text(next: () => number, length: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < length) {
    const word = VOCAB[Math.floor(next() * VOCAB.length)]!;
    out.push(word);
    n += word.length + 1;
  }
  return out.join(' ').slice(0, length);
}

/** A product-like JSON record of 2.7–8.1 KB (mean ≈ 5.4 KB). */
export function record(id: number): string {
  const next = prng(id * 2654435761);
  const target = 2700 + Math.floor(next() * 5400);
  const head = {
    id,
    sku: `SC-${String(id).padStart(7, '0')}`,
    name: text(next, 12 + Math.floor(next() * 20)),
    price: { amount: Math.floor(next() * 50_000) / 100, currency: 'EUR' },
    rating: Math.floor(next() * 50) / 10,
    stock: Math.floor(next() * 300),
    tags: Array.from({ length: 2 + Math.floor(next() * 5) }, () => VOCAB[Math.floor(next() * VOCAB.length)]!),
    updatedAt: new Date(1_767_225_600_000 - Math.floor(next() * 31_536_000_000)).toISOString(),
    reviews: Array.from({ length: 1 + Math.floor(next() * 4) }, () => ({ stars: 1 + Math.floor(next() * 5), body: text(next, 80 + Math.floor(next() * 300)) })),
    description: '',
  };
  const base = JSON.stringify(head).length;
  head.description = text(next, Math.max(16, target - base));
  return JSON.stringify(head);
}

export const keyOf = (id: number): string => `record:${id}`;

export interface FillSummary {
  written: number;
  failed: number;
  ms: number;
  entries: number;
  rawBytes: number;
  storedBytes: number;
}

/** Writes records [from, to) in big batches. */
export async function scaleFill(name: string, from: number, to: number): Promise<FillSummary> {
  const tier = new DiskTier({ name, maxBytes: FILL_BUDGET, maxEntryBytes: 1 << 20, openTimeoutMs: OPEN_TIMEOUT_MS });
  const encoder = new TextEncoder();
  const started = performance.now();
  let written = 0;
  let failed = 0;
  await tier.batch(async () => {
    for (let start = from; start < to; start += CHUNK) {
      const pending: Promise<boolean>[] = [];
      for (let id = start; id < Math.min(to, start + CHUNK); id++) {
        pending.push(tier.set(keyOf(id), { kind: 'json', bytes: encoder.encode(record(id)) }));
      }
      for (const ok of await Promise.all(pending)) {
        if (ok) written++;
        else failed++;
      }
    }
  });
  const ms = performance.now() - started;
  const stats = await tier.stats();
  tier.close();
  return { written, failed, ms, entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes };
}

export interface OpenSample {
  /** new DiskTier(...) to the first answer (has() of an existing key). */
  openMs: number;
  /** stats() on the open tier. */
  statsMs: number;
  /** Each random get, ms. */
  getMs: number[];
  hits: number;
  entries: number;
  /** 'memory' would mean the tier gave up on IndexedDB: the sample is not a measurement of it. */
  mode: 'idb' | 'memory';
}

/** In a fresh page: open, stats(), `reads` random gets among ids [lo, hi). */
export async function scaleOpen(name: string, lo: number, hi: number, reads: number, seed: number): Promise<OpenSample> {
  const next = prng(seed);
  const pick = () => lo + Math.floor(next() * (hi - lo));
  let started = performance.now();
  const tier = new DiskTier({ name, maxBytes: FILL_BUDGET, maxEntryBytes: 1 << 20, openTimeoutMs: OPEN_TIMEOUT_MS });
  await tier.has(keyOf(pick()));
  const openMs = performance.now() - started;
  started = performance.now();
  const stats = await tier.stats();
  const statsMs = performance.now() - started;
  const getMs: number[] = [];
  let hits = 0;
  for (let i = 0; i < reads; i++) {
    const key = keyOf(pick());
    started = performance.now();
    const hit = await tier.get(key);
    getMs.push(performance.now() - started);
    if (hit && hit.value.bytes.byteLength > 0) hits++;
  }
  tier.close();
  return { openMs, statsMs, getMs, hits, entries: stats.entries, mode: stats.mode };
}

export interface EvictSample extends TrimResult {
  ms: number;
  storedBefore: number;
  storedAfter: number;
  entriesAfter: number;
}

/**
 * In a fresh page: a tier whose budget is just under what is stored (low water 0.9), so one
 * eviction pass frees ~10%. Opened first (a missing key), then timed from trim() to its end.
 */
export async function scaleEvict(name: string, storedBytes: number): Promise<EvictSample> {
  const tier = new DiskTier({ name, maxBytes: storedBytes - 1, lowWater: 0.9, maxEntryBytes: 1 << 20, openTimeoutMs: OPEN_TIMEOUT_MS });
  await tier.get('bench:missing');
  const started = performance.now();
  const result = await tier.trim();
  const ms = performance.now() - started;
  const stats = await tier.stats();
  tier.close();
  return { ...result, ms, storedBefore: storedBytes, storedAfter: stats.storedBytes, entriesAfter: stats.entries };
}
