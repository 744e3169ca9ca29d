// A stranger's Vite app: a fresh `vanilla-ts` scaffold in a temporary folder, the packed
// tiercache installed, the README's "Use it in a Vite app" steps applied verbatim (read from the
// README, so the README cannot drift from what works), then built, previewed and run offline in
// Chromium, and run again in `vite dev`. One scaffold serves every test of this file.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const repo = path.resolve(import.meta.dirname, '..');
let root = '';
let app = '';
const servers: ChildProcess[] = [];

/** The README section's code blocks, in order: [language, text]. */
function readmeSteps(): [string, string][] {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it in a Vite app');
  expect(start, 'the README has a "Use it in a Vite app" section').toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 3);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]);
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_yes: 'true' } });
}

/** Applies one README block: shell lines are run (the package comes from the packed tarball, it is not published); a code block whose first line names a file (`// src/sw.ts`) creates it, or goes at the top of it when the file exists. */
function applyStep(language: string, text: string, tarball: string): void {
  if (language === 'sh') {
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const [command, ...args] = line.split(/\s+/);
      expect(command, `a README shell step runs npm: ${line}`).toBe('npm');
      run('npm', [...args.map((a) => (a === 'tiercache' ? tarball : a)), '--no-audit', '--no-fund', '--prefer-offline'], app);
    }
    return;
  }
  const file = /^\/\/ ([\w./-]+)/.exec(text)?.[1];
  expect(file, `a README code block names its file on its first line:\n${text}`).toBeTruthy();
  const target = path.join(app, file!);
  writeFileSync(target, existsSync(target) ? `${text}\n${readFileSync(target, 'utf8')}` : text);
}

/** What this test adds to the app, beyond the README: an API answer and a page that shows it. */
function addTestApp(): void {
  mkdirSync(path.join(app, 'public/api'), { recursive: true });
  writeFileSync(path.join(app, 'public/api/items.json'), JSON.stringify({ items: ['alpha', 'beta', 'gamma'] }));
  const main = path.join(app, 'src/main.ts');
  writeFileSync(
    main,
    `${readFileSync(main, 'utf8')}
import { createCache } from 'tiercache';
import { mountInspector } from 'tiercache/inspector';

if (location.search === '?inspector') {
  const cache = createCache({ name: 'notes', memory: { maxEntries: 100 } });
  const host = document.createElement('div');
  document.body.append(host);
  void cache.set('note:1', { text: 'kept in both tiers' }).then(() => mountInspector(host, cache));
}

// cache.fetch loads its code with import() at first use: offline, the worker's precache serves it.
if (location.search === '?fetch') {
  const cache = createCache({ name: 'api', memory: { maxEntries: 100 } });
  const out = document.createElement('pre');
  out.id = 'fetched';
  cache.fetch('/api/items.json').then(
    async (response) => (out.textContent = \`\${response.headers.get('X-Cache')} \${JSON.stringify(await response.json())}\`),
    (err: unknown) => (out.textContent = \`error \${String(err)}\`),
  );
  document.body.append(out);
}

async function showApi(): Promise<void> {
  const sw = navigator.serviceWorker;
  if (!sw.controller) await new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
  const response = await fetch('/api/items.json');
  const out = document.createElement('pre');
  out.id = 'api';
  out.textContent = \`\${response.headers.get('X-Cache')} \${JSON.stringify(await response.json())}\`;
  document.body.append(out);
}
void showApi();
`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `vite <args>` in the app on a free port (or the one given); resolves its base URL once it answers. */
async function startVite(args: string[], port?: number): Promise<string> {
  port ??= await freePort();
  const child = spawn(path.join(app, 'node_modules/.bin/vite'), [...args, '--port', String(port), '--strictPort'], { cwd: app, stdio: 'ignore', detached: true });
  servers.push(child);
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return url;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite ${args.join(' ')} did not answer on ${url}`);
}

/** Stops a server startVite started (its process group) and waits for it to exit. */
async function stopVite(url: string): Promise<void> {
  const port = new URL(url).port;
  const child = servers.find((c) => c.spawnargs.includes(port) && c.exitCode === null);
  if (!child?.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** The keys of the route database's records ('api', as the README's worker names it), read in the page. */
function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tiercache:api');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const keys = db.transaction('meta').objectStore('meta').getAllKeys();
        keys.onsuccess = () => resolve(keys.result as string[]);
        keys.onerror = () => reject(keys.error);
      });
    } finally {
      db.close();
    }
  });
}

/** One `vite preview` of the built app for the tests that need it. */
let preview: Promise<string> | undefined;
const previewUrl = (): Promise<string> => (preview ??= startVite(['preview']));

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  root = mkdtempSync(path.join(tmpdir(), 'tiercache-vite-app-'));
  run('npm', ['pack', '--pack-destination', root, '--silent'], repo);
  const tarball = path.join(root, JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).name + '-' + JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).version + '.tgz');
  // create-vite's major pinned: a new major may change the template or the Node it needs.
  run('npm', ['create', '--yes', 'vite@9', 'app', '--', '--template', 'vanilla-ts', '--no-interactive'], root);
  app = path.join(root, 'app');
  for (const [language, text] of readmeSteps()) applyStep(language, text, tarball);
  addTestApp();
  run('npm', ['run', 'build'], app);
});

test.afterAll(() => {
  for (const child of servers) {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  }
  if (root && !process.env.KEEP_SCAFFOLD) rmSync(root, { recursive: true, force: true });
});

test('the built app reloads offline: the shell from the worker, the API data from the cache (X-Cache: HIT)', async ({ browser }) => {
  const url = await previewUrl();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(url);
  await expect(page.locator('#api')).toContainText('"alpha"');
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${url}/sw.js`);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#api')).toHaveText(/^HIT \{"items":\["alpha","beta","gamma"\]\}$/);
  await expect(page.locator('#counter')).toBeVisible(); // the template's own app ran from the stored shell
  expect(errors).toEqual([]);
  await context.close();
});

test('offline, cache.fetch loads its lazily loaded chunk from the precache: every chunk of the build is stored', async ({ browser }) => {
  const url = await previewUrl();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(url);
  await expect(page.locator('#api')).toContainText('"alpha"', { timeout: 30_000 }); // the worker installs first
  const chunks = readdirSync(path.join(app, 'dist/assets')).filter((f) => f.endsWith('.js'));
  expect(chunks.length).toBeGreaterThan(1); // the entry and the chunks tiercache loads with import()
  for (const chunk of chunks) await expect.poll(() => storedKeys(page)).toContain(`precache:${url}/assets/${chunk}`);

  await context.setOffline(true);
  await page.goto(`${url}/?fetch`);
  await expect(page.locator('#fetched')).toHaveText(/^(HIT|STALE) \{"items":\["alpha","beta","gamma"\]\}$/, { timeout: 30_000 });
  expect(errors).toEqual([]);
  await context.close();
});

test('the same app in vite dev registers its worker without errors', async ({ browser }) => {
  const url = await startVite([]);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(url);
  await expect(page.locator('#api')).toContainText('"alpha"');
  const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(worker).toBe(`${url}/sw.js`);
  expect(errors).toEqual([]);
  await context.close();
});

test('the inspector, mounted from the package in the built app, shows both tiers without a console error', async ({ browser }) => {
  const url = await previewUrl();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(`${url}/?inspector`);
  await expect(page.locator('[data-stat="memory-entries"]')).toHaveAttribute('data-value', '1');
  await expect(page.locator('[data-stat="disk-entries"]')).toHaveAttribute('data-value', '1');
  await expect(page.locator('.tci-chart canvas').first()).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test('a new build: the app hears of the waiting worker, activates it, and the previous build\'s files are dropped', async ({ browser }) => {
  test.setTimeout(120_000);
  const url = await previewUrl();
  const assets = (): string[] => readdirSync(path.join(app, 'dist/assets'));
  const oldCss = assets().find((f) => f.endsWith('.css'))!;
  const image = assets().find((f) => f.endsWith('.png'))!;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(url);
  await expect(page.locator('#api')).toContainText('"alpha"');
  await expect.poll(() => storedKeys(page)).toContain(`precache:${url}/assets/${oldCss}`);

  // The next build changes the styles only: a new CSS file (and so a new index.html and entry script), the same image.
  await stopVite(url);
  writeFileSync(path.join(app, 'src/style.css'), `${readFileSync(path.join(app, 'src/style.css'), 'utf8')}\nbody { --tiercache-build: 2; }\n`);
  run('npm', ['run', 'build'], app);
  const newCss = assets().find((f) => f.endsWith('.css'))!;
  expect(newCss).not.toBe(oldCss);
  expect(assets()).toContain(image);
  preview = startVite(['preview'], Number(new URL(url).port));
  await preview;

  // The README's handler asks with confirm(): accept, and the page reloads on the new worker.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await page.waitForEvent('load');
  await expect(page.locator('#api')).toContainText('"alpha"');
  expect(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--tiercache-build').trim())).toBe('2');

  await expect.poll(() => storedKeys(page)).not.toContain(`precache:${url}/assets/${oldCss}`);
  const keys = await storedKeys(page);
  expect(keys).toContain(`precache:${url}/assets/${newCss}`);
  expect(keys).toContain(`precache:${url}/assets/${image}`); // unchanged: kept, not fetched again
  expect(errors).toEqual([]);
  await context.close();
});
