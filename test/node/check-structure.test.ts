// scripts/check-structure.mjs: the house rules of issue 13 on small trees written to a temp dir.
// Each rule is tried just over its limit (fails) and at it (passes).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkStructure } from '../../scripts/check-structure.mjs';

const script = resolve(import.meta.dirname, '../../scripts/check-structure.mjs');
const roots: string[] = [];

/** Writes { 'src/a.ts': text } under a new temp dir and returns the dir. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-structure-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

/** n lines of statements, newline-terminated. */
const lines = (n: number, prefix = 'x'): string => Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};\n`).join('');
/** A function of exactly n lines, first to last. */
const body = (n: number): string => Array.from({ length: n - 2 }, (_, i) => `  void ${i};\n`).join('');
const fn = (name: string, n: number): string => `export function ${name}() {\n${body(n)}}\n`;

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('checkStructure', () => {
  test('a clean tree passes with one summary line', () => {
    const root = tree({
      'src/index.ts': "export * from './client/page.ts';\nexport * from './sw/worker.ts';\n",
      'src/shared/protocol.ts': 'export type Message = { kind: string };\n',
      'src/client/page.ts': "import type { Message } from '../shared/protocol.ts';\nexport const send = (m: Message) => m;\n",
      'src/sw/worker.ts': "import type { Message } from '../shared/protocol.js';\nexport const receive = (m: Message) => m;\n",
      'src/disk/store/commit.ts': lines(12),
    });
    const { violations, summary } = checkStructure(root);
    expect(violations).toEqual([]);
    expect(summary).toBe('structure: 5 files, largest 12 lines (src/disk/store/commit.ts), longest function 1 lines, src/disk 12 lines, no cycles');
  });

  test('a 401-line file fails, 400 lines pass, src/lru/MemoryLru.ts is excepted', () => {
    const root = tree({
      'src/big.ts': lines(401),
      'src/ok.ts': lines(400),
      'src/lru/MemoryLru.ts': lines(900),
      'src/other/MemoryLru.ts': lines(401),
    });
    const { violations, summary } = checkStructure(root);
    expect(violations).toEqual([
      'src/big.ts:1: file has 401 lines (limit 400)',
      'src/other/MemoryLru.ts:1: file has 401 lines (limit 400)',
    ]);
    expect(summary).toContain('largest 900 lines (src/lru/MemoryLru.ts, excepted)');
  });

  test('an 81-line function, method or arrow fails at its first line; 80 lines pass', () => {
    const root = tree({
      'src/fns.ts': `// header\n\n${fn('tooLong', 81)}${fn('justRight', 80)}`,
      'src/klass.ts': `export class K {\n  method() {\n${body(81)}  }\n  other() {\n${body(80)}  }\n}\n`,
      'src/arrow.ts': `export const arrow = () => {\n${body(81)}};\nexport const fine = function () {\n${body(80)}};\n`,
    });
    expect(checkStructure(root).violations).toEqual([
      'src/arrow.ts:1: function arrow has 81 lines (limit 80)',
      'src/fns.ts:3: function tooLong has 81 lines (limit 80)',
      'src/klass.ts:2: function method has 81 lines (limit 80)',
    ]);
  });

  test('src/disk with its store/ over 1,800 lines in all fails; 1,800 pass', () => {
    const disk = { 'src/disk/a.ts': lines(360), 'src/disk/b.ts': lines(360), 'src/disk/c.ts': lines(360), 'src/disk/store/d.ts': lines(360), 'src/disk/store/e.ts': lines(360) };
    expect(checkStructure(tree(disk)).violations).toEqual([]);
    expect(checkStructure(tree({ ...disk, 'src/disk/store/deep/f.ts': lines(1) })).violations).toEqual(['src/disk/: holds 1,801 lines in all (limit 1,800)']);
  });

  test('import cycles are found, type-only and import() types included, files in order', () => {
    const root = tree({
      'src/a.ts': "import type { B } from './b.ts';\nexport type A = B | 1;\n",
      'src/b.ts': "// b\nimport { type A } from './a';\nexport type B = A | 2;\n",
      'src/c.ts': "export * from './d.js';\n",
      'src/d.ts': "export const d: import('./e.ts').E = 1;\n",
      'src/e.ts': "export type E = typeof import('./c.ts') extends never ? 1 : 1;\n",
      'src/leaf.ts': "import './a.ts';\n",
    });
    expect(checkStructure(root).violations).toEqual([
      'src/a.ts:1: import cycle src/a.ts -> src/b.ts -> src/a.ts',
      'src/c.ts:1: import cycle src/c.ts -> src/d.ts -> src/e.ts -> src/c.ts',
    ]);
  });

  test('src/client importing src/sw is found, and the reverse', () => {
    const root = tree({
      'src/client/page.ts': "// page\nimport { receive } from '../sw/worker.ts';\nexport const page = receive;\n",
      'src/client/util.ts': 'export const util = 1;\n',
      'src/sw/worker.ts': "export const receive = 1;\nexport const load = () => import('../client/util');\n",
    });
    expect(checkStructure(root).violations).toEqual([
      'src/client/page.ts:2: imports src/sw/worker.ts (src/client/ and src/sw/ stay apart)',
      'src/sw/worker.ts:2: imports src/client/util.ts (src/client/ and src/sw/ stay apart)',
    ]);
  });
});

describe('the CLI', () => {
  const run = (root: string) => spawnSync(process.execPath, [script, root], { encoding: 'utf8' });

  test('lists every violation and exits 1', () => {
    const result = run(tree({ 'src/big.ts': lines(401), 'src/client/a.ts': "import '../sw/b.ts';\n", 'src/sw/b.ts': '' }));
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'src/big.ts:1: file has 401 lines (limit 400)',
      'src/client/a.ts:1: imports src/sw/b.ts (src/client/ and src/sw/ stay apart)',
      'structure: 2 violations',
    ]);
  });

  test('prints the summary and exits 0 on a clean tree', () => {
    const result = run(tree({ 'src/a.ts': lines(3) }));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('structure: 1 files, largest 3 lines (src/a.ts), longest function 0 lines, src/disk 0 lines, no cycles\n');
  });
});
