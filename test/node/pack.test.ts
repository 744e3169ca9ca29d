// The published package works for a user: `npm pack`, install the tarball into a separate
// Vite app, build it, and run what it built. Also checks that importing only the memory tier
// keeps fflate and idb out of the app bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
let dir = '';
let tarball = '';

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The app's scripts: `js` all of them (the entry and the chunks it may import()), `entry` the entry chunk alone. */
async function buildApp(name: string, source: string): Promise<{ js: string; entry: string; file: string }> {
  const app = join(dir, name);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(app, 'main.js'), source);
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], app);
  await build({ root: app, logLevel: 'silent', configFile: false, build: { outDir: 'out', minify: true, modulePreload: false } });
  const assets = join(app, 'out', 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const file = scripts.find((f) => f.startsWith('index-'));
  if (!file) throw new Error('the app build emitted no entry script');
  const js = scripts.map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  return { js, entry: readFileSync(join(assets, file), 'utf8'), file: join(assets, file) };
}

describe('npm pack → install → vite build', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tiercache-pack-'));
    const out = sh('npm', ['pack', '--pack-destination', dir, '--json'], root);
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error('npm pack printed no result');
    tarball = join(dir, info.filename);
    const paths = info.files.map((f) => f.path);
    for (const entry of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/lru/index.js', 'dist/lib/lru/index.d.ts', 'dist/lib/sw/index.js', 'dist/lib/sw/index.d.ts']) {
      expect(paths, `the tarball lacks ${entry}`).toContain(entry);
    }
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an app importing tiercache/lru builds, runs, and bundles neither fflate nor idb', async () => {
    const { js, file } = await buildApp(
      'lru-app',
      `import { MemoryLru } from 'tiercache/lru';
       const lru = new MemoryLru({ maxEntries: 2 });
       lru.set('a', 1); lru.set('b', 2); lru.get('a'); lru.set('c', 3);
       globalThis.__packResult = { keys: [...lru.keys()], size: lru.size };`,
    );
    await import(pathToFileURL(file).href);
    expect((globalThis as { __packResult?: unknown }).__packResult).toEqual({ keys: ['c', 'a'], size: 2 });
    // fflate's inflate error table and idb's openDB wrapper must not be in a memory-only bundle.
    expect(js).not.toMatch(/invalid block type|unexpected EOF/);
    expect(js).not.toMatch(/blocked|versionchange/);
    // The memory tier alone stays small (minified, not gzipped): a guard against a barrel import.
    expect(js.length).toBeLessThan(16 * 1024);
  }, 120_000);

  test('an app importing tiercache resolves createCache and CacheError from the package', async () => {
    const { js, entry } = await buildApp(
      'cache-app',
      `import { createCache, CacheError } from 'tiercache';
       globalThis.__packCache = { createCache, CacheError };`,
    );
    expect(js).toContain('CacheError');
    // The same markers the memory-only app must not contain are here: the check above can fail.
    expect(js).toMatch(/invalid block type/);
    expect(js).toMatch(/versionchange/);
    // …in a chunk of their own, loaded with import() only when no worker answers: not in the entry.
    expect(entry).toContain('CacheError');
    expect(entry).not.toMatch(/invalid block type/);
  }, 120_000);
});
