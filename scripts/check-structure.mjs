// House rules for src/ (issue 13), checked over the TypeScript syntax tree:
// - no file over 400 lines (src/lru/MemoryLru.ts excepted: one cohesive structure, as lru-cache
//   keeps one file) and no function over 80 lines, first to last line of the whole node:
//   one job per file, one step per function, so a change stays small and its review readable;
// - src/disk, all .ts files under it with its store/, holds at most 1,800 lines: the heart of
//   the cache stays small enough to hold in one head;
// - no import cycle among src/ files, type-only and dynamic imports included: the folders form
//   layers, and a cycle means two files are one job split in two;
// - nothing in src/client imports src/sw or the reverse: the page bundle never drags worker
//   code, and the worker never drags the page's; what both use lives in a neutral folder.
// Usage: node scripts/check-structure.mjs [root]  (npm run check:structure). Prints every
// violation as file:line, one per line, and exits 1; else prints one summary line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const FILE_EXCEPTIONS = new Set(['src/lru/MemoryLru.ts']);
const MAX_FUNCTION_LINES = 80;
const DISK_DIR = 'src/disk/';
const MAX_DISK_LINES = 1800;
const APART = [['src/client/', 'src/sw/']];

const fmt = (n) => n.toLocaleString('en-US');
const countLines = (text) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

function listSources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.[cm]?tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The file a relative specifier names ('./a.ts', './a.js', './a', './dir'); else its bare path. */
function resolveSpecifier(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, base.replace(/\.(c|m)?js(x?)$/, '.$1ts$2'), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? base;
}

/** Every relative module specifier in a file: import/export ... from, import type, import(), import('x').T. */
function relativeImports(source) {
  const found = [];
  const visit = (node) => {
    let spec;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) spec = node.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) spec = node.moduleReference.expression;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) spec = node.arguments[0];
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) spec = node.argument.literal;
    if (spec && ts.isStringLiteralLike(spec) && spec.text.startsWith('.')) found.push({ specifier: spec.text, node });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function functionName(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText();
  return '(anonymous function)';
}

/** Cycles in a graph of file -> [{ to, line }], one per back edge of a depth-first walk, in import order. */
function findCycles(graph) {
  const cycles = [];
  const state = new Map(); // file -> 'open' while on the walk's path, 'done' after
  const trail = [];
  const walk = (file) => {
    state.set(file, 'open');
    trail.push(file);
    for (const edge of graph.get(file) ?? []) {
      if (!graph.has(edge.to)) continue;
      if (state.get(edge.to) === 'open') cycles.push(trail.slice(trail.indexOf(edge.to)));
      else if (!state.has(edge.to)) walk(edge.to);
    }
    trail.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) walk(file);
  return cycles;
}

/** Checks the rules on rootDir/src. Returns the violations ("file:line message") and a summary line. */
export function checkStructure(rootDir) {
  const root = path.resolve(rootDir);
  const rel = (file) => path.relative(root, file).split(path.sep).join('/');
  const files = listSources(path.join(root, 'src')).sort();
  const violations = [];
  const graph = new Map();
  const lineOf = (source, pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  let diskLines = 0;
  let largest = { file: '', lines: 0 };
  let longest = 0;

  for (const file of files) {
    const name = rel(file);
    const text = fs.readFileSync(file, 'utf8');
    const lines = countLines(text);
    if (lines > largest.lines) largest = { file: name, lines };
    if (name.startsWith(DISK_DIR)) diskLines += lines;
    if (lines > MAX_FILE_LINES && !FILE_EXCEPTIONS.has(name)) violations.push(`${name}:1: file has ${fmt(lines)} lines (limit ${MAX_FILE_LINES})`);

    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = lineOf(source, node.getStart(source));
        const length = lineOf(source, node.getEnd()) - first + 1;
        longest = Math.max(longest, length);
        if (length > MAX_FUNCTION_LINES) violations.push(`${name}:${first}: function ${functionName(node)} has ${length} lines (limit ${MAX_FUNCTION_LINES})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);

    const edges = relativeImports(source).map(({ specifier, node }) => ({ to: resolveSpecifier(file, specifier), line: lineOf(source, node.getStart(source)) }));
    graph.set(file, edges);
    for (const { to, line } of edges) {
      const target = rel(to);
      for (const [a, b] of APART) {
        if ((name.startsWith(a) && target.startsWith(b)) || (name.startsWith(b) && target.startsWith(a))) violations.push(`${name}:${line}: imports ${target} (${a} and ${b} stay apart)`);
      }
    }
  }

  const cycles = findCycles(graph);
  for (const cycle of cycles) {
    const line = graph.get(cycle[0]).find((e) => e.to === (cycle[1] ?? cycle[0])).line;
    violations.push(`${rel(cycle[0])}:${line}: import cycle ${[...cycle, cycle[0]].map(rel).join(' -> ')}`);
  }
  if (diskLines > MAX_DISK_LINES) violations.push(`${DISK_DIR}: holds ${fmt(diskLines)} lines in all (limit ${fmt(MAX_DISK_LINES)})`);

  const largestNote = FILE_EXCEPTIONS.has(largest.file) ? `${largest.file}, excepted` : largest.file;
  const summary = `structure: ${files.length} files, largest ${fmt(largest.lines)} lines (${largestNote}), longest function ${longest} lines, ${DISK_DIR.slice(0, -1)} ${fmt(diskLines)} lines, ${cycles.length ? `${cycles.length} cycles` : 'no cycles'}`;
  return { violations, summary };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { violations, summary } = checkStructure(root);
  for (const v of violations) console.log(v);
  console.log(violations.length ? `structure: ${violations.length} violations` : summary);
  process.exitCode = violations.length ? 1 : 0;
}
