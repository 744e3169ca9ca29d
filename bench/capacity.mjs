// Capacity under a fixed quota (issue 6, the headline). The origin quota is set to 20 MiB through
// CDP; 100 MiB of the mock API's JSON is fetched through (a) tiercache's serveCache, (b) workbox
// CacheFirst + ExpirationPlugin (maxEntries generous, purgeOnQuotaError) and (c) localForage
// storing the parsed JSON from the page. Then the browser goes offline (and the server refuses
// /api/) and we count the responses each still serves, byte-identical, and the errors that
// reached the page. Each implementation runs in its own fresh Chromium profile, in an order that
// rotates every round. Usage: node bench/capacity.mjs  (BENCH_ROUNDS, BENCH_CAPACITY_MIB)
import { buildBench, fmt, indexedDbFiles, machine, medianOf, MiB, ROUNDS, runRounds, startServer, freshBrowser, writeResult, productUrls } from './harness.mjs';

const QUOTA = 20 * MiB;
const TOTAL = Number(process.env.BENCH_CAPACITY_MIB ?? 100) * MiB;
const PAGE_SIZE = 50; // products per response: ~50 KB of JSON each
const CONCURRENCY = 6;
// 'tiercache-16MiB': the same worker with disk.maxBytes under the quota (an app that knows it).
const IMPLS = (process.env.BENCH_IMPLS ?? 'tiercache,workbox,localforage,tiercache-16MiB').split(',');
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const WORKERS = { tiercache: '/sw-tiercache.js', workbox: '/sw-workbox.js', 'tiercache-16MiB': `/sw-tiercache.js?maxBytes=${16 * MiB}` };


async function runOne(server, impl, urls) {
  const { origin, state } = server;
  const browser = await freshBrowser();
  const { context, page } = browser;
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    else if (VERBOSE && message.text().startsWith('bench:')) console.log(`    ${impl} ${message.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: QUOTA });
    await page.goto(`${origin}/bench/pages/bench.html`);
    await page.waitForFunction(() => 'bench' in window);
    if (WORKERS[impl]) await page.evaluate((script) => window.bench.registerWorker(script), WORKERS[impl]);
    const kind = impl.startsWith('tiercache') ? 'tiercache' : impl;
    const filled = await page.evaluate(([i, u, c]) => window.bench.fill(i, u, c), [kind, urls, CONCURRENCY]);
    const worker = WORKERS[impl] ? await page.evaluate(() => window.bench.workerStats()) : undefined;
    const usage = await cdp.send('Storage.getUsageAndQuota', { origin });
    const files = await indexedDbFiles(browser.dir);

    const fillErrors = [...filled.errors, ...pageErrors]; // the offline check's own misses log errors too: not counted
    await context.setOffline(true);
    state.offline = true;
    const refusedBefore = state.refusedWhileOffline;
    const checked = await page.evaluate(([i, u, c]) => window.bench.check(i, u, c), [kind, urls, CONCURRENCY]);
    const networkAttemptsOffline = state.refusedWhileOffline - refusedBefore;
    state.offline = false;
    await context.setOffline(false);

    const errorsAtPage = fillErrors;
    return {
      impl,
      fetched: filled.fetched,
      fetchedBytes: filled.bytes,
      served: checked.served,
      missing: checked.missing,
      mismatched: checked.mismatched,
      errorsAtPage: errorsAtPage.length,
      quotaErrorsAtPage: errorsAtPage.filter((e) => e.includes('QuotaExceededError')).length,
      errorSamples: [...new Set(errorsAtPage)].slice(0, 5),
      worker,
      usageBytes: usage.usage,
      files,
      quotaBytes: usage.quota,
      networkAttemptsOffline,
      fillMs: Math.round(filled.ms),
      checkMs: Math.round(checked.ms),
    };
  } finally {
    server.state.offline = false;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => undefined);
    await browser.close();
  }
}

async function main() {
  await buildBench();
  const server = await startServer();
  try {
    const { urls, bytes } = await productUrls(server.origin, TOTAL, PAGE_SIZE);
    console.log(`capacity: ${urls.length} responses, ${fmt(bytes / MiB)} MiB of JSON, quota ${QUOTA / MiB} MiB, ${ROUNDS} rounds`);
    const rounds = await runRounds(IMPLS, (impl) => runOne(server, impl, urls), (round, impl, r) => {
      console.log(
        `  round ${round + 1} ${impl.padEnd(15)} served offline ${String(r.served).padStart(5)}/${urls.length}` +
          `  errors at page ${r.errorsAtPage} (quota ${r.quotaErrorsAtPage})  usage ${fmt(r.usageBytes / MiB)} MiB` +
          `  fill ${fmt(r.fillMs / 1000)} s${r.networkAttemptsOffline ? `  [offline network attempts ${r.networkAttemptsOffline}]` : ''}`,
      );
      const w = r.worker;
      if (w?.storedBytes !== undefined) {
        // Why the round kept what it kept: where the budget settled, what was stored, what Chromium counts.
        console.log(
          `      worker: effective budget ${fmt(w.effectiveBudget / MiB)} MiB, ${w.entries} entries, ${fmt(w.storedBytes / MiB)} MiB stored` +
            ` (${fmt(w.rawBytes / MiB)} MiB raw), usage/quota ${fmt(r.usageBytes / MiB)}/${fmt(r.quotaBytes / MiB)} MiB` +
            ` = ${fmt(r.usageBytes / w.storedBytes, 2)}x stored, ${w.evictions} evictions, worker faults ${JSON.stringify(w.workerErrors)}`,
        );
        const f = r.files;
        if (f) console.log(`      on disk: LevelDB log ${fmt(f.log / MiB)} MiB, tables ${fmt(f.tables / MiB)} MiB, other ${fmt(f.other / MiB)} MiB; ${f.blobs} blob files ${fmt(f.blobBytes / MiB)} MiB`);
        if (w.quotaTrace?.length) console.log(`      after each quota fault (its retry failed too), stored/budget MiB: ${w.quotaTrace.join(', ')}`);
      }
      if (r.errorSamples.length) console.log(`      e.g. ${r.errorSamples[0]}`);
    });
    const summary = {};
    for (const impl of IMPLS) {
      const of = (key) => medianOf(rounds, impl, key);
      summary[impl] = {
        served: of('served'),
        servedFraction: of('served') / urls.length,
        servedMiB: (of('served') / urls.length) * (bytes / MiB),
        errorsAtPage: of('errorsAtPage'),
        quotaErrorsAtPage: of('quotaErrorsAtPage'),
        usageMiB: of('usageBytes') / MiB,
        fillSeconds: of('fillMs') / 1000,
        networkAttemptsOffline: Math.max(...rounds.map((r) => r.results[impl].networkAttemptsOffline)),
      };
    }
    // null when the peer served nothing (JSON has no Infinity).
    const ratio = (a, b) => (summary[a] && summary[b] && summary[b].served > 0 ? summary[a].served / summary[b].served : null);
    const ratios = { 'tiercache/workbox': ratio('tiercache', 'workbox'), 'tiercache/localforage': ratio('tiercache', 'localforage') };
    console.log('capacity medians:');
    for (const impl of IMPLS) {
      const s = summary[impl];
      console.log(`  ${impl.padEnd(15)} ${String(s.served).padStart(5)}/${urls.length} served offline (${fmt(s.servedMiB)} MiB), errors at page ${s.errorsAtPage}`);
    }
    const show = (v) => (v === null ? 'n/a (peer served none)' : `${fmt(v, 2)}x`);
    console.log(`  ratio tiercache/workbox ${show(ratios['tiercache/workbox'])}, tiercache/localforage ${show(ratios['tiercache/localforage'])}`);
    const file = await writeResult('capacity', {
      bench: 'capacity',
      machine: await machine(),
      config: { quotaBytes: QUOTA, responses: urls.length, bytes, pageSize: PAGE_SIZE, concurrency: CONCURRENCY, rounds: ROUNDS, endpoint: `/api/products?page=N&size=${PAGE_SIZE}` },
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
