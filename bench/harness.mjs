// Shared by the benchmarks: bench/capacity.mjs, bench/mainthread.mjs and bench/scale.mjs use all of it; the
// disk benches (bench/disk-driver.mjs) use the machine facts, medians and results files. Here: the bench build
// (bench/vite.bench.config.ts → dist/bench), a `vite preview` of it with the mock API on its own
// port, fresh on-disk Chromium profiles, machine facts, medians and the results files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..');
const configFile = path.join(here, 'vite.bench.config.ts');
export const PORT = Number(process.env.BENCH_PORT ?? 5190);
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
/** Where the bench build goes (BENCH_DIST lets two runs use two builds side by side). */
const outDir = path.resolve(root, process.env.BENCH_DIST ?? 'dist/bench');

/** Builds dist/bench unless BENCH_SKIP_BUILD=1 (run-all builds once for all). */
export async function buildBench() {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  await build({ configFile, logLevel: 'warn', build: { outDir } });
}

/**
 * `vite preview` of dist/bench on PORT. `server.offline = true` makes every /api/ request fail
 * (socket destroyed) and counts it: proof that an offline check was answered from storage only.
 */
export async function startServer() {
  const state = { api: 0, offline: false, refusedWhileOffline: 0 };
  // The mock API is deterministic, so its 200 answers are memoized by URL: generating ~50 KB of
  // JSON costs 5–8 ms of this 2-core machine's CPU, which the browser under test needs.
  const memo = new Map();
  const gate = {
    name: 'bench-api-gate',
    enforce: 'pre',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/api/')) {
          state.api++;
          if (state.offline) {
            state.refusedWhileOffline++;
            req.socket.destroy();
            return;
          }
          const memoizable = req.method === 'GET' && !req.headers['if-none-match'];
          const hit = memoizable ? memo.get(req.url) : undefined;
          if (hit) {
            res.statusCode = 200;
            for (const [name, value] of Object.entries(hit.headers)) res.setHeader(name, value);
            res.setHeader('Date', new Date().toUTCString());
            res.end(hit.body);
            return;
          }
          if (memoizable) {
            const end = res.end.bind(res);
            res.end = (chunk, ...rest) => {
              if (res.statusCode === 200 && chunk) memo.set(req.url, { headers: res.getHeaders(), body: Buffer.from(chunk) });
              return end(chunk, ...rest);
            };
          }
        }
        next();
      });
    },
  };
  const server = await preview({ configFile, plugins: [gate], logLevel: 'warn', build: { outDir }, preview: { port: PORT, strictPort: true } });
  return {
    origin: `http://localhost:${PORT}`,
    state,
    async close() {
      await server.close();
    },
  };
}

const open = new Set();
// Interrupted (Ctrl-C, kill): close the browsers and delete their profiles before exiting.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void Promise.allSettled([...open].map((b) => b.close())).then(() => process.exit(130));
  });
}

/** A Chromium with a fresh on-disk profile (real LevelDB/Cache Storage, not an in-memory context). */
export async function freshBrowser() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tiercache-bench-'));
  const context = await chromium.launchPersistentContext(dir, { ...chromiumLaunchOptions(), headless: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const browser = {
    context,
    page,
    dir,
    async close() {
      open.delete(browser);
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  open.add(browser);
  return browser;
}

/** The commit measured, with "+dirty" when src/ has uncommitted changes (others' work in progress). */
function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench/pages'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

// Taken when the bench starts (the build it measures is made from this tree), not when it ends.
const measuredCommit = gitCommit();

let browserVersion;
/** cores, memory, CPU, OS, Node and Chromium versions. */
export async function machine() {
  if (browserVersion === undefined) {
    const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
    browserVersion = browser.version();
    await browser.close();
  }
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: browserVersion,
    commit: measuredCommit,
    date: new Date().toISOString(),
  };
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `items` rotated by `round`: implementations alternate which goes first. */
export function rotate(items, round) {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * ROUNDS rounds of `run(impl)` for every implementation, in an order that rotates each round;
 * `report(round, impl, result)` prints each result as it comes. Returns [{ order, results }].
 */
export async function runRounds(impls, run, report) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = rotate(impls, round);
    const results = {};
    for (const impl of order) {
      results[impl] = await run(impl);
      report(round, impl, results[impl]);
    }
    rounds.push({ order, results });
  }
  return rounds;
}

/** The median over rounds of one implementation's `key`. */
export function medianOf(rounds, impl, key) {
  return median(rounds.map((r) => r.results[impl][key]));
}

export async function writeResult(name, data) {
  const dir = path.join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export const MiB = 1024 * 1024;
export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** The URL sequence a bench fetches: mock-API product pages of `pageSize` items until `totalBytes` of JSON. */
export async function productUrls(origin, totalBytes, pageSize) {
  const urls = [];
  let bytes = 0;
  for (let page = 1; bytes < totalBytes; page++) {
    const url = `/api/products?page=${page}&size=${pageSize}`;
    bytes += (await (await fetch(origin + url)).arrayBuffer()).byteLength;
    urls.push(url);
  }
  return { urls, bytes };
}

/**
 * What the profile's IndexedDB directories hold at the end of the fill (Chromium's usage is the sum
 * of these files): LevelDB's write-ahead log, its sorted tables, and one file per Blob body.
 */
export async function indexedDbFiles(profile) {
  const base = path.join(profile, 'Default', 'IndexedDB');
  const sizes = { log: 0, tables: 0, other: 0, blobs: 0, blobBytes: 0 };
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else {
        const { size } = await stat(file);
        if (dir.includes('.blob')) (sizes.blobs++, (sizes.blobBytes += size));
        else if (entry.name.endsWith('.log') && entry.name !== 'LOG') sizes.log += size;
        else if (entry.name.endsWith('.ldb')) sizes.tables += size;
        else sizes.other += size;
      }
    }
  }
  await walk(base);
  return sizes;
}
