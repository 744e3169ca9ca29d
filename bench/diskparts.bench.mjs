// npm run bench:diskparts — what each part of a DiskTier write costs, beside idb-keyval, in real
// Chromium: the same JSON values written uncompressed, one part added at a time (see writeParts in
// bench/disk-page.ts). With bench:disk's "deflate alone" rows it shows where put throughput goes.
// Alternates the variants over ROUNDS rounds, prints medians, writes bench/results/diskparts.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PORT = Number(process.env.PORT ?? 5182);
const PARTS = ['idb-keyval', 'one-put', 'one-put-indexed', 'two-records', 'two-records-read', 'tiercache-raw'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const server = await createServer({
  root,
  logLevel: 'error',
  server: { port: PORT, strictPort: true, hmr: false, watch: null, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  optimizeDeps: { include: ['idb', 'idb-keyval', 'fflate'] },
});
await server.listen();
const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`http://localhost:${PORT}/bench/disk.html`);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
  const call = (fn, ...args) => page.evaluate(([fn, args]) => globalThis.diskBench[fn](...args), [fn, args]);
  const results = {
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}`, node: process.version, browser: `Chromium ${browser.version()}` },
    date: new Date().toISOString(),
    rounds: ROUNDS,
    parts: {},
  };
  for (const [label, count, bytes] of [['4KB', 1000, 4096], ['40KB', 200, 40960]]) {
    const runs = Object.fromEntries(PARTS.map((p) => [p, []]));
    await call('writeParts', 'one-put', 100, bytes); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const part of round % 2 === 0 ? PARTS : [...PARTS].reverse()) runs[part].push((await call('writeParts', part, count, bytes)).ms);
    }
    const row = {};
    const peer = median(runs['idb-keyval']);
    for (const part of PARTS) {
      const ms = median(runs[part]);
      row[part] = { medianMs: +ms.toFixed(1), entriesPerSec: Math.round((count / ms) * 1000), ratioVsIdbKeyval: +(peer / ms).toFixed(2) };
    }
    results.parts[label] = { count, ...row };
    console.log(`writes ${label} ×${count}, uncompressed: ` + PARTS.map((p) => `${p} ${row[p].medianMs} ms (×${row[p].ratioVsIdbKeyval})`).join(' | '));
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/diskparts.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results/diskparts.json');
} finally {
  await browser.close();
  await server.close();
}
