// Every ```ts block of README.md compiles under strict against the sources, as an app would
// import them: `tiercache`, `tiercache/sw`, `tiercache/lru`… resolve through package.json's
// exports (./dist/lib/X.d.ts → src/X.ts). Each block is its own module, so a block must declare
// what it uses: a snippet a reader copies works.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
  code: m[1]!,
  line: readme.slice(0, m.index).split('\n').length + 1,
}));

/** 'tiercache/sw' → [<root>/src/sw/index.ts], from package.json's exports. */
function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { types?: string }> };
  const paths: Record<string, string[]> = {};
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const types = target.types;
    if (!types) continue;
    const source = types.replace(/^\.\/dist\/lib\//, 'src/').replace(/\.d\.ts$/, '.ts');
    paths[sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`] = [join(root, source)];
  }
  return paths;
}

// Inside the checkout, so imports of other packages (the TanStack example) resolve from node_modules.
const dir = mkdtempSync(join(root, 'node_modules', '.readme-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('README.md has TypeScript snippets to check (a guard against a regex that matches nothing)', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
});

test('every ```ts block of README.md compiles under strict', () => {
  const files = blocks.map((block, i) => {
    const file = join(dir, `readme-line-${block.line}-${i}.ts`);
    // A block without import/export is still a module (top-level await, no global leaks between blocks).
    const isModule = /^\s*(import|export)\s/m.test(block.code);
    writeFileSync(file, isModule ? block.code : `${block.code}\nexport {};\n`);
    return file;
  });
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), (p) => ts.sys.readFile(p)).config as { compilerOptions: object };
  const { options } = ts.convertCompilerOptionsFromJson(base.compilerOptions, root);
  const program = ts.createProgram(files, { ...options, noEmit: true, types: [], paths: packagePaths() });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(dir + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(diagnostics).toEqual([]);
}, 60_000);
