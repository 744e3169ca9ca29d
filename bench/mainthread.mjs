// Main thread (issue 6): while ~10 MiB of API responses are stored, the longest task on the page's
// main thread (PerformanceObserver 'longtask') and the longest gap between 4 ms heartbeat timers.
// tiercache stores them in its service worker (compression and IndexedDB off the page);
// localForage stores the parsed JSON from the page; the baseline only fetches and parses, which
// every variant also does. Fresh Chromium profile per run, order rotating every round.
// Usage: node bench/mainthread.mjs  (BENCH_ROUNDS)
import { buildBench, fmt, freshBrowser, machine, medianOf, MiB, ROUNDS, runRounds, startServer, writeResult, productUrls } from './harness.mjs';

const TOTAL = 10 * MiB;
const PAGE_SIZE = 50;
const CONCURRENCY = 4;
const IMPLS = ['tiercache', 'localforage', 'baseline'];
/** The target for worker-side storage. */
const TARGET_MS = 50;


async function runOne(server, impl, urls) {
  const browser = await freshBrowser();
  try {
    const { page } = browser;
    await page.goto(`${server.origin}/bench/pages/bench.html`);
    await page.waitForFunction(() => 'bench' in window);
    if (impl === 'tiercache') await page.evaluate(() => window.bench.registerWorker('/sw-tiercache.js'));
    const result = await page.evaluate(([i, u, c]) => window.bench.mainThread(i, u, c), [impl, urls, CONCURRENCY]);
    if (impl === 'tiercache') result.worker = await page.evaluate(() => window.bench.workerStats());
    return result;
  } finally {
    await browser.close();
  }
}

async function main() {
  await buildBench();
  const server = await startServer();
  try {
    const { urls, bytes } = await productUrls(server.origin, TOTAL, PAGE_SIZE);
    console.log(`mainthread: ${urls.length} responses, ${fmt(bytes / MiB)} MiB, ${ROUNDS} rounds`);
    const rounds = await runRounds(IMPLS, (impl) => runOne(server, impl, urls), (round, impl, r) =>
      console.log(
        `  round ${round + 1} ${impl.padEnd(11)} longest task ${fmt(r.longestTaskMs)} ms (${r.longTasks} long tasks, ${fmt(r.longTaskTotalMs)} ms)` +
          `  max heartbeat gap ${fmt(r.maxGapMs)} ms  stored ${r.stored}  errors ${r.errors}  ${fmt(r.ms / 1000, 2)} s`,
      ),
    );
    const summary = {};
    for (const impl of IMPLS) {
      const of = (key) => medianOf(rounds, impl, key);
      summary[impl] = {
        longestTaskMs: of('longestTaskMs'),
        worstLongestTaskMs: Math.max(...rounds.map((r) => r.results[impl].longestTaskMs)),
        longTasks: of('longTasks'),
        longTaskTotalMs: of('longTaskTotalMs'),
        maxGapMs: of('maxGapMs'),
        seconds: of('ms') / 1000,
        errors: of('errors'),
      };
    }
    const ratios = {
      'localforage/tiercache maxGap': summary.localforage.maxGapMs / summary.tiercache.maxGapMs,
      'localforage/tiercache longTaskTotal': summary.tiercache.longTaskTotalMs > 0 ? summary.localforage.longTaskTotalMs / summary.tiercache.longTaskTotalMs : null,
    };
    console.log('mainthread medians:');
    for (const impl of IMPLS) {
      const s = summary[impl];
      console.log(`  ${impl.padEnd(11)} longest task ${fmt(s.longestTaskMs)} ms, long tasks ${s.longTasks} (${fmt(s.longTaskTotalMs)} ms), max gap ${fmt(s.maxGapMs)} ms, ${fmt(s.seconds, 2)} s`);
    }
    console.log(`  target: tiercache longest task < ${TARGET_MS} ms: ${summary.tiercache.longestTaskMs < TARGET_MS ? 'met' : 'NOT met'} (median)`);
    const file = await writeResult('mainthread', {
      bench: 'mainthread',
      machine: await machine(),
      config: { responses: urls.length, bytes, pageSize: PAGE_SIZE, concurrency: CONCURRENCY, rounds: ROUNDS, targetMs: TARGET_MS },
      summary,
      ratios,
      rounds,
    });
    console.log(`wrote ${file}`);
  } finally {
    await server.close();
  }
}

await main();
