#!/usr/bin/env node
// The crash suite (issue 18): a seeded workload in page mode and in worker mode, the browser
// killed with SIGKILL at random moments, the profile reopened and checked (scripts/crash/).
//
//   npm run crash                              build, then every seed in both modes; writes docs/crash-results.json
//   node scripts/crash.mjs                     the same against the existing build (dist/demo)
//   CRASH_SEED=3 CRASH_MODE=worker node scripts/crash.mjs   rerun one seed (printed for every failing one)
//
// Env: CRASH_SEEDS (seeds per mode, default 10), CRASH_SEED (one seed), CRASH_KILLS (kill points
// per seed, default 5), CRASH_MODE (page | worker; default both), CRASH_STEPS (workload steps per
// round, default: until the kill), CRASH_VERBOSE=1 (a line per round), CRASH_JOBS (seeds run at once,
// default 3), CRASH_KILL_WINDOW_MS (a round is killed
// after 1-60 acknowledgements, or this long, default 20000), E2E_PORT (vite preview port,
// default 4173; a server already listening there is used).
// Odd seeds run under a CDP quota (CRASH_QUOTA in scripts/crash/workload.mjs), even seeds without.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSeed } from './crash/harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const port = Number(env.E2E_PORT ?? 4173);
const baseURL = `http://localhost:${port}`;
const modes = env.CRASH_MODE ? [env.CRASH_MODE] : ['page', 'worker'];
const seeds = env.CRASH_SEED !== undefined ? [Number(env.CRASH_SEED)] : Array.from({ length: Number(env.CRASH_SEEDS ?? 10) }, (_, i) => i + 1);
const kills = Number(env.CRASH_KILLS ?? 5);
const steps = env.CRASH_STEPS ? Number(env.CRASH_STEPS) : undefined;
const verbose = env.CRASH_VERBOSE === '1';
const jobs = Number(env.CRASH_JOBS ?? 3);
const killWindowMs = Number(env.CRASH_KILL_WINDOW_MS ?? 20_000);
for (const mode of modes) if (mode !== 'page' && mode !== 'worker') throw new TypeError(`CRASH_MODE must be page or worker, got ${mode}`);

async function serverUp() {
  try {
    return (await fetch(`${baseURL}/e2e-pages/crash.html`)).ok;
  } catch {
    return false;
  }
}

async function startServer() {
  if (await serverUp()) return undefined;
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  for (let i = 0; i < 100 && !(await serverUp()); i++) await new Promise((r) => setTimeout(r, 200));
  if (!(await serverUp())) throw new Error(`vite preview did not serve ${baseURL}/e2e-pages/crash.html (run npm run build first)`);
  return server;
}

const server = await startServer();
const started = Date.now();
const results = { generatedAt: new Date().toISOString(), modes: {} };
const KEYS = ['killPoints', 'keysChecked', 'confirmedValues', 'inFlightOutcomes', 'acks', 'errors', 'evictions', 'quotaEvictions', 'evictionNotes', 'notedOnly', 'browserDeletions', 'lostToBrowser', 'lost', 'regressed', 'neverWritten', 'inconsistent'];
for (const mode of modes) results.modes[mode] = { seeds: seeds.length, ...Object.fromEntries(KEYS.map((k) => [k, 0])), failingSeeds: [] };
let failed = false;
// Every (mode, seed) has its own profile: CRASH_JOBS of them run at once.
const tasks = modes.flatMap((mode) => seeds.map((seed) => ({ mode, seed })));
async function lane() {
  for (let task = tasks.shift(); task; task = tasks.shift()) {
    const { mode, seed } = task;
    const t = await runSeed({ baseURL, mode, seed, kills, ...(steps ? { steps } : {}), killWindowMs, verbose });
    const sum = results.modes[mode];
    for (const k of KEYS) sum[k] += t[k];
    console.log(`${mode} seed ${seed}: ${t.killPoints} kills, ${t.keysChecked} keys checked, ${t.acks} acks, ${t.errors} errors, ${t.evictions} evictions (${t.quotaEvictions} for quota, ${t.evictionNotes} victims noted before commit, ${t.notedOnly} found absent by a note alone); ${t.browserDeletions} databases Chromium found corrupt and deleted (${t.lostToBrowser} acknowledged keys with them); lost ${t.lost}, regressed ${t.regressed}, never written ${t.neverWritten}, inconsistent ${t.inconsistent}`);
    if (t.failures.length > 0) {
      failed = true;
      sum.failingSeeds.push(seed);
      for (const f of t.failures.slice(0, 10)) console.log(`    ${JSON.stringify(f)}`);
      console.log(`  FAILED: rerun with  CRASH_SEED=${seed} CRASH_MODE=${mode} CRASH_KILLS=${kills} CRASH_VERBOSE=1 node scripts/crash.mjs`);
    }
  }
}
try {
  await Promise.all(Array.from({ length: jobs }, lane));
} finally {
  if (server) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
results.durationS = Math.round((Date.now() - started) / 1000);
results.killsPerSeed = kills;
results.killWindowMs = killWindowMs;
console.log(JSON.stringify(results.modes, null, 2));
if (env.CRASH_SEED === undefined) {
  writeFileSync(join(root, 'docs', 'crash-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote docs/crash-results.json');
}
process.exit(failed ? 1 : 0);
