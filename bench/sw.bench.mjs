// npm run bench:sw — a cached JSON response served by tiercache's serveCache (cache-first on
// its compressed IndexedDB tier) versus workbox-strategies CacheFirst on Cache Storage, versus
// the floor (a worker answering from a plain in-memory Map: what any worker costs), versus the
// network with no worker; the `http` strategy's revalidated request (a 304, body from the cache)
// versus a full refetch, in p50 and bytes over the wire (counted by the server); and a page
// cache.get memory hit versus a disk hit through the worker. Same run, same responses (/api/products/1..N from the mock API, 2–8 KB JSON), each
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
const IMPLS = ['tiercache', 'workbox', 'floor', 'none'];
const HTTP_URLS = 20;
const HTTP_REQUESTS = 200;
const HTTP_KINDS = ['revalidated', 'refetched'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r3 = (x) => Math.round(x * 10000) / 10000;

const loadBefore = os.loadavg()[0];
// Bytes over the wire for the `http` rows, counted where they are sent: the status line and
// headers as Node wrote them, plus the body.
const wire = { requests: 0, bytes: 0, notModified: 0 };
const wireCounter = {
  name: 'bench-sw-wire',
  enforce: 'pre',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url?.startsWith('/api/http/')) {
        let body = 0;
        const count = (chunk) => (body += chunk ? Buffer.byteLength(chunk) : 0);
        const write = res.write.bind(res);
        const end = res.end.bind(res);
        res.write = (chunk, ...rest) => (count(chunk), write(chunk, ...rest));
        res.end = (chunk, ...rest) => (typeof chunk === 'function' ? 0 : count(chunk), end(chunk, ...rest));
        res.on('finish', () => {
          wire.requests++;
          wire.bytes += body + Buffer.byteLength(res._header ?? '');
          if (res.statusCode === 304) wire.notModified++;
        });
      }
      next();
    });
  },
};

await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, plugins: [wireCounter], logLevel: 'warn', preview: { port: PORT, strictPort: true } });
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
const httpRuns = Object.fromEntries(HTTP_KINDS.map((k) => [k, []]));
const EXPECTED_HTTP = { revalidated: 'REVALIDATED', refetched: 'MISS' };

/** The `http` rows in one tiercache session: both kinds stored, then timed in alternated order. */
async function httpRows(call, round) {
  for (const kind of HTTP_KINDS) {
    const warm = await call('httpWarm', kind, HTTP_URLS);
    if (warm.some((x) => x !== 'MISS')) throw new Error(`http ${kind} warm-up saw ${warm}`);
    await call('httpLoop', kind, HTTP_URLS, HTTP_URLS); // warm-up, not measured
  }
  for (const kind of round % 2 === 0 ? HTTP_KINDS : [...HTTP_KINDS].reverse()) {
    const before = { ...wire };
    const run = await call('httpLoop', kind, HTTP_URLS, HTTP_REQUESTS);
    if (run.xCache.join() !== EXPECTED_HTTP[kind]) throw new Error(`http ${kind} answered ${run.xCache}`);
    const requests = wire.requests - before.requests;
    if (requests !== HTTP_REQUESTS) throw new Error(`http ${kind}: the server saw ${requests} requests, not ${HTTP_REQUESTS}`);
    const notModified = wire.notModified - before.notModified;
    if (notModified !== (kind === 'revalidated' ? HTTP_REQUESTS : 0)) throw new Error(`http ${kind}: ${notModified} answers were 304`);
    httpRuns[kind].push({ ...run, bytesPerRequest: (wire.bytes - before.bytes) / requests });
  }
}
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? IMPLS : [...IMPLS].reverse();
    for (const impl of order) {
      await session(impl, async (call) => {
        const warm = await call('warm', URLS);
        if ((impl === 'tiercache' || impl === 'floor') && warm.some((x) => x !== 'MISS')) throw new Error(`${impl} warm-up saw ${warm}`);
        await call('fetchLoop', URLS, URLS); // JIT and connection warm-up, not measured
        const run = await call('fetchLoop', URLS, REQUESTS);
        if ((impl === 'tiercache' || impl === 'floor') && run.xCache.join() !== 'HIT') throw new Error(`${impl} answered ${run.xCache}`);
        fetchRuns[impl].push(run);
        if (impl === 'tiercache') {
          const g = await call('getLoop', GETS);
          if (g.mode !== 'worker') throw new Error(`cache.get ran in ${g.mode} mode`);
          getRuns.push(g);
          await httpRows(call, round);
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
  'floor-map-worker': summarize(fetchRuns.floor),
  'network-no-worker': summarize(fetchRuns.none),
};
const getSummary = {
  memoryHit: summarize(getRuns.map((g) => g.memory)),
  diskHitViaWorker: summarize(getRuns.map((g) => g.disk)),
};
const httpSummary = Object.fromEntries(
  HTTP_KINDS.map((k) => [k, { ...summarize(httpRuns[k]), bytesPerRequest: Math.round(median(httpRuns[k].map((r) => r.bytesPerRequest))) }]),
);
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
  method: `${ROUNDS} rounds, implementation order alternated; per round a fresh on-disk profile, ${URLS} JSON responses (2-8 KB) fetched once to fill the cache, ${URLS} warm-up requests, then ${REQUESTS} measured fetch+arrayBuffer in the page; cache.get: ${GETS} values of ~4 KB JSON, memory hits timed as 20 passes over all keys (per-get mean of each pass: a hit is below the 0.1 ms timer resolution), then one first get per key from a second TierCache (empty memory) through the worker. Floor: a worker answering from a plain in-memory Map (no tiercache, no IndexedDB), same requests. http strategy (tiercache session): ${HTTP_URLS} URLs of 4 KB JSON per kind, stored once, ${HTTP_REQUESTS} measured requests per kind in alternated order; revalidated = Cache-Control: no-cache with an ETag (each request a conditional request answered 304, X-Cache REVALIDATED), refetched = max-age=0 without validators (each request a full 200, X-Cache MISS); bytes over the wire = status line, headers and body as the server wrote them, per request. Values are medians over rounds of per-round p50/p95, in ms.`,
  units: 'ms',
  cachedResponse: fetchSummary,
  ratios: {
    tiercacheOverWorkboxP50: r3(fetchSummary.tiercache.p50 / fetchSummary['workbox-cachefirst'].p50),
    tiercacheOverWorkboxP95: r3(fetchSummary.tiercache.p95 / fetchSummary['workbox-cachefirst'].p95),
    tiercacheOverNetworkP50: r3(fetchSummary.tiercache.p50 / fetchSummary['network-no-worker'].p50),
    tiercacheOverFloorP50: r3(fetchSummary.tiercache.p50 / fetchSummary['floor-map-worker'].p50),
    revalidatedOverRefetchedP50: r3(httpSummary.revalidated.p50 / httpSummary.refetched.p50),
    revalidatedOverRefetchedBytes: r3(httpSummary.revalidated.bytesPerRequest / httpSummary.refetched.bytesPerRequest),
    diskOverMemoryGetP50: Math.round(getSummary.diskHitViaWorker.p50 / getSummary.memoryHit.p50),
  },
  get: getSummary,
  http: httpSummary,
  target: 'tiercache cached-response p50 <= 1.0x workbox CacheFirst',
  floorTarget: 'tiercache cached-response p50 <= 1.15x the floor (a plain in-memory Map worker)',
};
results.targetMet = results.ratios.tiercacheOverWorkboxP50 <= 1.0;
results.floorTargetMet = results.ratios.tiercacheOverFloorP50 <= 1.15;

await mkdir(path.join(here, 'results'), { recursive: true });
await writeFile(path.join(here, 'results', 'sw.json'), JSON.stringify(results, null, 2) + '\n');
const row = (label, s) => `${label.padEnd(28)} p50 ${String(s.p50).padStart(7)} ms   p95 ${String(s.p95).padStart(7)} ms`;
console.log(`cached JSON response (${REQUESTS} requests x ${ROUNDS} rounds)`);
for (const [k, s] of Object.entries(fetchSummary)) console.log(row(k, s));
console.log(`cache.get (${GETS} keys x ${ROUNDS} rounds)`);
console.log(row('memory hit', getSummary.memoryHit));
console.log(row('disk hit through the worker', getSummary.diskHitViaWorker));
console.log(`http strategy (${HTTP_REQUESTS} requests x ${ROUNDS} rounds, 4 KB JSON)`);
for (const [k, s] of Object.entries(httpSummary)) console.log(`${row(k, s)}   ${s.bytesPerRequest} bytes/request over the wire`);
console.log(`tiercache / workbox p50: ${results.ratios.tiercacheOverWorkboxP50}x (target <= 1.0: ${results.targetMet ? 'met' : 'NOT met'})`);
console.log(`tiercache / floor p50: ${results.ratios.tiercacheOverFloorP50}x (target <= 1.15: ${results.floorTargetMet ? 'met' : 'NOT met'})`);
console.log('wrote bench/results/sw.json');
