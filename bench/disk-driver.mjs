// Shared by bench/disk.bench.mjs and bench/diskparts.bench.mjs: a Vite dev server of the repository,
// cross-origin isolated (performance.now() at 5 µs instead of 100 µs), Chromium on bench/disk.html,
// and `call(fn, ...args)` into the functions bench/disk-page.ts puts on globalThis.diskBench.
// Medians, machine facts and results files come from bench/harness.mjs.
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';
import { root } from './harness.mjs';

/** Rounds of each bench (ROUNDS, as before the harness's BENCH_ROUNDS existed; either works). */
export const DISK_ROUNDS = Number(process.env.ROUNDS ?? process.env.BENCH_ROUNDS ?? 5);

export async function openDiskBench(port) {
  const server = await createServer({
    root,
    logLevel: 'error',
    server: { port, strictPort: true, hmr: false, watch: null, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
    optimizeDeps: { include: ['idb-keyval', 'fflate'] },
  });
  await server.listen();
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') console.warn('page:', m.text());
    });
    await page.goto(`http://localhost:${port}/bench/disk.html`);
    await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
    const call = (fn, ...args) => page.evaluate(([fn, args]) => globalThis.diskBench[fn](...args), [fn, args]);
    return { call, close };
  } catch (error) {
    await close();
    throw error;
  }
}
