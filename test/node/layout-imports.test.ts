// The folder boundaries of src/: the page client (src/client) and the worker (src/sw) never
// import each other, and what they share (src/wire, src/http) imports neither, so a page bundle
// never pulls in worker code and the worker never pulls in the page's.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative module a file imports or re-exports (static, dynamic or type-only), as a path from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((spec) => relative(root, resolve(root, dirname(file), spec)));
}

const forbidden: [from: string, to: string[]][] = [
  ['src/client/', ['src/sw/']],
  ['src/sw/', ['src/client/']],
  ['src/wire/', ['src/client/', 'src/sw/', 'src/http/']],
  ['src/http/', ['src/client/', 'src/sw/']],
];

test.each(forbidden)('nothing in %s imports %s', (from, to) => {
  const files = sources('src').filter((f) => f.startsWith(from));
  expect(files.length).toBeGreaterThan(0);
  const crossings = files.flatMap((f) => importsOf(f).filter((target) => to.some((t) => target.startsWith(t))).map((target) => `${f} -> ${target}`));
  expect(crossings).toEqual([]);
});

test('the import scan sees imports (a guard against a regex that matches nothing)', () => {
  expect(importsOf('src/client/config.ts')).toContain('src/wire/protocol.ts');
  expect(importsOf('src/sw/serveCache.ts')).toContain('src/http/strategies.ts');
});
