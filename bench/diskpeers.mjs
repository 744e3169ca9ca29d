// Disk puts and gets: tiercache's DiskTier against localForage (issue 6 asks for both idb-keyval,
// covered by `bench:disk`, and localForage). The same parsed JSON values (product-like records,
// ~5.4 KB and ~43 KB) are put all at once, then read back one at a time, decoded and checked.
// Fresh page and fresh database per sample, implementations alternated, medians over rounds.
// Usage: node bench/diskpeers.mjs  (BENCH_ROUNDS)
import { buildBench, fmt, freshBrowser, machine, median, ROUNDS, rotate, startServer, writeResult } from './harness.mjs';

const IMPLS = ['tiercache', 'localforage'];
const SIZES = [
  { label: '~5 KB', count: 1000, perValue: 1 },
  { label: '~43 KB', count: 200, perValue: 8 },
];
const READS = 200;

async function main() {
  await buildBench();
  const server = await startServer();
  const browser = await freshBrowser();
  try {
    const results = {};
    for (const size of SIZES) {
      const samples = Object.fromEntries(IMPLS.map((i) => [i, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const impl of rotate(IMPLS, round)) {
          const page = await browser.context.newPage();
          await page.goto(`${server.origin}/bench/pages/bench.html`);
          await page.waitForFunction(() => 'bench' in window);
          const db = `peer-${impl}-${size.count}-${round}`;
          const sample = await page.evaluate(([i, d, c, p, r]) => window.bench.diskPeer(i, d, c, p, r), [impl, db, size.count, size.perValue, READS]);
          await page.close();
          if (sample.verified !== READS) throw new Error(`${impl}: only ${sample.verified}/${READS} reads returned the value written`);
          samples[impl].push(sample);
        }
      }
      const row = { count: size.count };
      for (const impl of IMPLS) {
        const putMs = median(samples[impl].map((s) => s.putMs));
        row[impl] = {
          putMs,
          putPerSec: Math.round((size.count / putMs) * 1000),
          getP50Ms: median(samples[impl].map((s) => s.getP50Ms)),
          getP95Ms: median(samples[impl].map((s) => s.getP95Ms)),
          rounds: samples[impl],
        };
      }
      row.putRatio = row.tiercache.putPerSec / row.localforage.putPerSec;
      row.getP50Ratio = row.localforage.getP50Ms / row.tiercache.getP50Ms;
      results[size.label] = row;
      console.log(
        `diskpeers ${size.label} ×${size.count}: put ${IMPLS.map((i) => `${i} ${row[i].putPerSec}/s`).join(', ')} (tiercache ×${fmt(row.putRatio, 2)});` +
          ` get p50 ${IMPLS.map((i) => `${i} ${fmt(row[i].getP50Ms, 2)} ms`).join(', ')} (localforage/tiercache time ×${fmt(row.getP50Ratio, 2)})`,
      );
    }
    const file = await writeResult('diskpeers', {
      bench: 'diskpeers',
      machine: await machine(),
      config: { rounds: ROUNDS, reads: READS, sizes: SIZES, note: 'put = all values issued at once (DiskTier: set() each, one task; localForage: setItem each); get = sequential single reads of parsed values' },
      results,
    });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
