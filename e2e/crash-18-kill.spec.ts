// Scenario 18 (issue 18), the short run inside `npm test`: the crash suite's seeded workload in
// page mode and in worker mode, the browser killed with SIGKILL at 3 random moments each, every
// reopen checked (scripts/crash/check.mjs): no acknowledged write lost or regressed, no value never
// written, totals equal to a full scan, the budget holding, the cache working. The full run,
// with at least 50 kill points per mode, is `npm run crash` (docs/crash-results.json).
import { expect, test } from '@playwright/test';
import { runSeed } from '../scripts/crash/harness.mjs';

for (const [mode, seed] of [
  ['page', 2],
  ['worker', 1],
] as const) {
  test(`${mode} mode, seed ${seed}${seed % 2 === 1 ? ' (CDP quota)' : ''}: 3 kills, nothing acknowledged lost or regressed`, async ({ baseURL }) => {
    test.setTimeout(240_000); // about 30 s on an idle machine; minutes on a loaded one
    const totals = await runSeed({ baseURL: baseURL!, mode, seed, kills: 3, killWindowMs: 5000 });
    console.info(`crash ${mode} seed ${seed}: ${JSON.stringify({ ...totals, failures: totals.failures.length })}`);
    expect(totals.failures, `rerun: CRASH_SEED=${seed} CRASH_MODE=${mode} CRASH_KILLS=3 CRASH_VERBOSE=1 node scripts/crash.mjs`).toEqual([]);
    expect(totals.killPoints).toBe(3);
    expect(totals.keysChecked).toBe(3 * 40);
    expect(totals.acks, 'the workload ran').toBeGreaterThan(0);
    // Every eviction's victims reach the log before its deletes commit (holdEvictions): a kill cannot cut them off.
    expect(totals.unnotedEvictions, 'evict events with no eviction note before them').toBe(0);
    if (mode === 'page') expect(totals.evictionNotes, 'seed 2 evicts in its first rounds: its notes were recorded').toBeGreaterThan(0);
    // Seed 1 evicts and meets the quota in its first rounds: the worker's own record of it must arrive.
    if (mode === 'worker') expect(totals.workerNotes, "the worker's eviction and fault notes were recorded").toBeGreaterThan(0);
  });
}
