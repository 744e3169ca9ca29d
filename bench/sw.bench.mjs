// npm run bench:sw — a cached JSON response served by tiercache's serveCache (cache-first on
// its compressed IndexedDB tier) versus workbox-strategies CacheFirst on Cache Storage, versus
// the network with no worker; and a page cache.get memory hit versus a disk hit through the
// worker. Same run, same responses (/api/products/1..N from the mock API, 2–8 KB JSON), each
// implementation in a fresh on-disk Chromium profile, order alternated over ROUNDS rounds;
// medians of the per-round p50/p95. Writes bench/results/sw.json.
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const configFile = path.join(here, 'sw.vite.config.ts');
const PORT = Number(process.env.BENCH_SW_PORT ?? 5184);
const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? 5));
const URLS = 50;
const REQUESTS = 400;
const GETS = 200;
const IMPLS = ['tiercache', 'workbox', 'none'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r3 = (x) => Math.round(x * 10000) / 10000;

const loadBefore = os.loadavg()[0];
await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, logLevel: 'warn', preview: { port: PORT, strictPort: true } });
const origin = `http://localhost:${PORT}`;
let browserVersion = '';

async function session(impl, fn) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tiercache-bench-sw-'));
  const context = await chromium.launchPersistentContext(dir, { ...chromiumLaunchOptions(), headless: true });
  browserVersion ||= context.browser()?.version() ?? '';
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error(`[${impl}] page error:`, e));
    await page.goto(`${origin}/bench/sw.page.html?sw=${impl}`);
    await page.waitForFunction(() => document.title === 'ready');
    const call = (name, ...args) => page.evaluate(([n, a]) => globalThis.swBench[n](...a), [name, args]);
    const controlled = await call('control');
    if (controlled !== (impl !== 'none')) throw new Error(`${impl}: controlled = ${controlled}`);
    return await fn(call);
  } finally {
    await context.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

const fetchRuns = Object.fromEntries(IMPLS.map((i) => [i, []]));
const getRuns = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? IMPLS : [...IMPLS].reverse();
    for (const impl of order) {
      await session(impl, async (call) => {
        const warm = await call('warm', URLS);
        if (impl === 'tiercache' && warm.some((x) => x !== 'MISS')) throw new Error(`tiercache warm-up saw ${warm}`);
        await call('fetchLoop', URLS, URLS); // JIT and connection warm-up, not measured
        const run = await call('fetchLoop', URLS, REQUESTS);
        if (impl === 'tiercache' && run.xCache.join() !== 'HIT') throw new Error(`tiercache answered ${run.xCache}`);
        fetchRuns[impl].push(run);
        if (impl === 'tiercache') {
          const g = await call('getLoop', GETS);
          if (g.mode !== 'worker') throw new Error(`cache.get ran in ${g.mode} mode`);
          getRuns.push(g);
        }
      });
      process.stdout.write('.');
    }
  }
} finally {
  await server.close();
}
process.stdout.write('\n');

const summarize = (runs) => ({ p50: r3(median(runs.map((r) => r.p50))), p95: r3(median(runs.map((r) => r.p95))), perRound: runs.map((r) => ({ p50: r3(r.p50), p95: r3(r.p95) })) });
const fetchSummary = {
  tiercache: summarize(fetchRuns.tiercache),
  'workbox-cachefirst': summarize(fetchRuns.workbox),
  'network-no-worker': summarize(fetchRuns.none),
};
const getSummary = {
  memoryHit: summarize(getRuns.map((g) => g.memory)),
  diskHitViaWorker: summarize(getRuns.map((g) => g.disk)),
};
const results = {
  bench: 'sw',
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    browser: `Chromium ${browserVersion}`,
    // Other work on the machine during the run (2 cores shared): the absolute ms are noisy; the
    // side-by-side ratios are what the alternated rounds protect.
    loadAverage1m: { before: r3(loadBefore), after: r3(os.loadavg()[0]) },
  },
  method: `${ROUNDS} rounds, implementation order alternated; per round a fresh on-disk profile, ${URLS} JSON responses (2-8 KB) fetched once to fill the cache, ${URLS} warm-up requests, then ${REQUESTS} measured fetch+arrayBuffer in the page; cache.get: ${GETS} values of ~4 KB JSON, memory hits timed as 20 passes over all keys (per-get mean of each pass: a hit is below the 0.1 ms timer resolution), then one first get per key from a second TierCache (empty memory) through the worker. Values are medians over rounds of per-round p50/p95, in ms.`,
  units: 'ms',
  cachedResponse: fetchSummary,
  ratios: {
    tiercacheOverWorkboxP50: r3(fetchSummary.tiercache.p50 / fetchSummary['workbox-cachefirst'].p50),
    tiercacheOverWorkboxP95: r3(fetchSummary.tiercache.p95 / fetchSummary['workbox-cachefirst'].p95),
    tiercacheOverNetworkP50: r3(fetchSummary.tiercache.p50 / fetchSummary['network-no-worker'].p50),
    diskOverMemoryGetP50: Math.round(getSummary.diskHitViaWorker.p50 / getSummary.memoryHit.p50),
  },
  get: getSummary,
  target: 'tiercache cached-response p50 <= 1.0x workbox CacheFirst',
};
results.targetMet = results.ratios.tiercacheOverWorkboxP50 <= 1.0;

await mkdir(path.join(here, 'results'), { recursive: true });
await writeFile(path.join(here, 'results', 'sw.json'), JSON.stringify(results, null, 2) + '\n');
const row = (label, s) => `${label.padEnd(28)} p50 ${String(s.p50).padStart(7)} ms   p95 ${String(s.p95).padStart(7)} ms`;
console.log(`cached JSON response (${REQUESTS} requests x ${ROUNDS} rounds)`);
for (const [k, s] of Object.entries(fetchSummary)) console.log(row(k, s));
console.log(`cache.get (${GETS} keys x ${ROUNDS} rounds)`);
console.log(row('memory hit', getSummary.memoryHit));
console.log(row('disk hit through the worker', getSummary.diskHitViaWorker));
console.log(`tiercache / workbox p50: ${results.ratios.tiercacheOverWorkboxP50}x (target <= 1.0: ${results.targetMet ? 'met' : 'NOT met'})`);
console.log('wrote bench/results/sw.json');
