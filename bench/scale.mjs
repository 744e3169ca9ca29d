// Scale (issue 6): with 1k, 10k and 100k records (~5.4 KB raw JSON each, ≥500 MiB raw at the top)
// in one DiskTier database, each in a fresh page: the time to open it (new DiskTier → first
// answer), stats(), a random read, and one eviction pass that frees 10% (refilled after each
// pass so every round sees the same size). One on-disk Chromium profile for the whole run.
// Usage: node bench/scale.mjs  (BENCH_ROUNDS, BENCH_EVICT_ROUNDS, BENCH_SCALE_SIZES=1000,10000,100000)
import { execFileSync } from 'node:child_process';
import { buildBench, fmt, freshBrowser, machine, median, MiB, ROUNDS, startServer, writeResult } from './harness.mjs';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const READS = 20;
/** Eviction rounds per size: each costs a 10% refill (~30 s at 100k on a 2-core machine). */
const EVICT_ROUNDS = Math.max(1, Number(process.env.BENCH_EVICT_ROUNDS ?? Math.min(ROUNDS, 3)));
const FILL_STEP = 10_000; // records per page.evaluate while filling (progress lines)
const NAME = 'scale';

function profileBytes(dir) {
  try {
    return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

async function main() {
  await buildBench();
  const server = await startServer();
  const browser = await freshBrowser();
  const { context } = browser;
  const url = `${server.origin}/bench/pages/bench.html`;

  /** A fresh page (nothing cached in JS), `fn` evaluated in it, then closed. */
  async function inFreshPage(fn, arg) {
    const page = await context.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'bench' in window);
      return await page.evaluate(fn, arg);
    } finally {
      await page.close();
    }
  }

  let nextId = 0;
  let entries = 0;
  let storedBytes = 0;
  let rawBytes = 0;
  async function fillTo(target) {
    const started = performance.now();
    let written = 0;
    while (entries < target) {
      const n = Math.min(FILL_STEP, target - entries);
      const r = await inFreshPage(([name, from, to]) => window.bench.scaleFill(name, from, to), [NAME, nextId, nextId + n]);
      if (r.failed > 0) throw new Error(`scale: ${r.failed} of ${n} writes failed (disk full?) at ${r.entries} records, ${fmt(r.storedBytes / MiB)} MiB stored`);
      nextId += n;
      written += r.written;
      ({ entries, storedBytes, rawBytes } = r);
    }
    return { written, seconds: (performance.now() - started) / 1000 };
  }

  try {
    const levels = [];
    for (const size of SIZES) {
      const fill = await fillTo(size);
      console.log(
        `scale ${size}: ${entries} records, ${fmt(rawBytes / MiB)} MiB raw, ${fmt(storedBytes / MiB)} MiB stored` +
          (fill.written ? `  (wrote ${fill.written} in ${fmt(fill.seconds)} s, ${fmt(fill.written / fill.seconds, 0)} records/s)` : ''),
      );
      const level = { size, entries, rawBytes, storedBytes, profileBytes: profileBytes(browser.dir), opens: [], evictions: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const lo = Math.max(0, nextId - Math.floor(size * 0.4));
        const sample = await inFreshPage(([name, l, h, reads, seed]) => window.bench.scaleOpen(name, l, h, reads, seed), [NAME, lo, nextId, READS, round + 1]);
        if (sample.mode !== 'idb' || sample.hits !== READS) throw new Error(`scale ${size}: the tier answered in ${sample.mode} mode with ${sample.hits}/${READS} hits: not a measurement of IndexedDB`);
        level.opens.push({ ...sample, getMedianMs: median(sample.getMs) });
      }
      for (let round = 0; round < EVICT_ROUNDS; round++) {
        const before = storedBytes;
        const sample = await inFreshPage(([name, stored]) => window.bench.scaleEvict(name, stored), [NAME, storedBytes]);
        level.evictions.push({ ms: sample.ms, evicted: sample.evicted, freedBytes: sample.freedBytes, freedFraction: sample.freedBytes / before });
        entries = sample.entriesAfter;
        storedBytes = sample.storedAfter;
        await fillTo(size); // back to the same size for the next round
      }
      const open = median(level.opens.map((o) => o.openMs));
      const stats = median(level.opens.map((o) => o.statsMs));
      const get = median(level.opens.map((o) => o.getMedianMs));
      const evict = median(level.evictions.map((e) => e.ms));
      const evicted = median(level.evictions.map((e) => e.evicted));
      const hits = level.opens.reduce((sum, o) => sum + o.hits, 0);
      level.summary = {
        openMs: open,
        statsMs: stats,
        getMs: get,
        evictMs: evict,
        evicted,
        evictUsPerRecord: (evict * 1000) / evicted,
        freedFraction: median(level.evictions.map((e) => e.freedFraction)),
        readHits: `${hits}/${ROUNDS * READS}`,
      };
      console.log(
        `  medians over ${ROUNDS}: open ${fmt(open)} ms, stats() ${fmt(stats)} ms, random get ${fmt(get, 2)} ms (${level.summary.readHits} hits),` +
          ` evict 10% ${fmt(evict)} ms (${evicted} records, ${fmt(level.summary.evictUsPerRecord)} µs/record)`,
      );
      levels.push(level);
    }
    const first = levels[0]?.summary;
    const last = levels.at(-1)?.summary;
    const growth = first && last ? { open: last.openMs / first.openMs, stats: last.statsMs / first.statsMs, get: last.getMs / first.getMs, evictPerRecord: last.evictUsPerRecord / first.evictUsPerRecord } : {};
    console.log(`  growth ${SIZES[0]} → ${SIZES.at(-1)}: open ×${fmt(growth.open, 2)}, stats ×${fmt(growth.stats, 2)}, get ×${fmt(growth.get, 2)}, eviction per record ×${fmt(growth.evictPerRecord, 2)}`);
    const file = await writeResult('scale', {
      bench: 'scale',
      machine: await machine(),
      config: { sizes: SIZES, rounds: ROUNDS, evictRounds: EVICT_ROUNDS, reads: READS, record: 'product-like JSON, 2.7–8.1 KB (mean ≈ 5.4 KB), deterministic per id', compress: 'DiskTier default (fflate level 6 ≥ 1 KiB)' },
      levels: levels.map(({ size, entries: n, rawBytes: raw, storedBytes: stored, profileBytes: onDisk, summary, opens, evictions }) => ({
        size,
        entries: n,
        rawBytes: raw,
        storedBytes: stored,
        profileBytes: onDisk,
        summary,
        opens,
        evictions,
      })),
      growth,
    });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
