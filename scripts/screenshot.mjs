// npm run screenshot: builds the demo, serves it with `vite preview` on a free port, drives a
// realistic session in Chromium (fetch pages, memory hits, a burst over the budget, simulated
// offline answered from disk) and writes docs/inspector.png. Fails on any console error.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { preview } from 'vite';
import { chromiumLaunchOptions } from './chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'docs/inspector.png');

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

const server = await preview({ root, logLevel: 'warn', preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false } });
const base = server.resolvedUrls?.local[0];
if (!base) throw new Error('vite preview did not report its URL');

const browser = await chromium.launch(chromiumLaunchOptions());
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

  const actionDone = (action) => page.waitForFunction((a) => !document.querySelector(`[data-action="${a}"]`)?.disabled, action, { timeout: 60_000 });
  const click = async (name, action) => {
    await page.getByRole('button', { name, exact: true }).click();
    await actionDone(action);
    await page.waitForTimeout(2200); // one chart sample per step
  };
  const strategy = (s) => page.getByRole('combobox', { name: 'Strategy' }).selectOption(s);

  await page.goto(base);
  await page.locator('#app[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('[data-field="mode"][data-value="worker"]').waitFor({ state: 'attached', timeout: 20_000 });
  await page.waitForTimeout(2200);

  await click('Fetch 20 pages', 'fetch-pages'); // network: both tiers fill
  await strategy('cache-first');
  await click('Fetch 20 pages', 'fetch-pages'); // page memory answers
  await click('Burst: overflow the budget', 'burst'); // evictions: memory and disk budgets
  await strategy('network-first');
  await click('Fetch 20 pages', 'fetch-pages'); // the network again, refilling
  await page.getByRole('switch', { name: 'Simulate offline' }).click();
  await click('Fetch 20 pages', 'fetch-pages'); // offline: the disk tier answers
  await page.getByRole('switch', { name: 'Simulate offline' }).click();
  await strategy('cache-first');
  await page.getByRole('spinbutton', { name: 'Pages', exact: true }).fill('10');
  await click('Fetch 10 pages', 'fetch-pages');
  // Open one stored response's details, as someone debugging would.
  await page.locator('[data-testid="disk-table"] tbody tr', { hasText: '/api/products?page=3&size=20' }).click();
  await page.waitForTimeout(1200);

  if (errors.length > 0) throw new Error(`console errors during the session:\n${errors.join('\n')}`);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
