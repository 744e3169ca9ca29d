// `npm run bench`: every benchmark, then the report. bench:lru, bench:disk and bench:sw run first
// when package.json has them; then diskpeers (DiskTier vs localForage), capacity, main thread and
// scale, which share one build of dist/bench; then bench/report.mjs regenerates docs/BENCHMARKS.md.
// A failing bench is reported and the others still run; the exit code says whether all passed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBench } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
const order = ['bench:lru', 'bench:disk', 'bench:diskparts', 'bench:sw', 'bench:diskpeers', 'bench:capacity', 'bench:mainthread', 'bench:scale'];
const ours = new Set(['bench:diskpeers', 'bench:capacity', 'bench:mainthread', 'bench:scale']);
// BENCH_ONLY=capacity,scale runs a subset (the report still covers every results file).
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((n) => `bench:${n.trim()}`)) : undefined;

const failed = [];
const timings = [];
let built = false;
for (const name of order) {
  if (only && !only.has(name)) continue;
  if (!scripts[name]) {
    console.log(`\n== ${name}: no such script in package.json, skipped`);
    continue;
  }
  if (ours.has(name) && !built) {
    await buildBench();
    built = true;
  }
  console.log(`\n== npm run ${name}`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '--silent', name], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...(built ? { BENCH_SKIP_BUILD: '1' } : {}) },
  });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (run.status !== 0) failed.push(name);
}

console.log('\n== report');
const report = spawnSync(process.execPath, [path.join(root, 'bench', 'report.mjs')], { cwd: root, stdio: 'inherit' });
if (report.status !== 0) failed.push('report');
console.log(`\nbench: ${timings.join(', ')}`);
if (failed.length) {
  console.error(`bench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
