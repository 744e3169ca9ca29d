// Scenario 20: the quota moves while a tab writes through the worker. The origin's real quota
// (CDP Storage.overrideQuotaForOrigin) flips 3 MiB → 30 MiB → 3 MiB → 30 MiB while one writer
// keeps storing 64 KiB incompressible values. Expected: no get or set rejects (quota faults
// reach the page as `error` events only); the effective budget (inspect()) comes down under the
// small quota and climbs back above it when room returns, both times; the totals equal a full
// scan; the newest values read back byte for byte.
import type { Page } from '@playwright/test';
import { expect, expectConsistent, expectNoRejections, openPage, scan, setQuota, test, uniqueName } from './support/harness.ts';

const LOW = 3 << 20;
const HIGH = 30 << 20;
const MAX_BYTES = 16 << 20;
const VALUE_BYTES = 64 << 10;
const BURST = 8;
/** Sets per phase: 6 MiB under the small quota (twice it), 12 MiB under the large one. */
const PHASES = [
  { quota: LOW, sets: 96 },
  { quota: HIGH, sets: 192 },
  { quota: LOW, sets: 96 },
  { quota: HIGH, sets: 192 },
];

declare global {
  interface Window {
    quotaWriter?: { done: number; target: number; rejected: string[]; running: Promise<void> };
  }
}

/** Starts the writer in the page: bursts of sets (with a get of the previous one) until `target`, raised per phase. */
async function startWriter(page: Page, name: string): Promise<void> {
  await page.evaluate(
    ({ name, VALUE_BYTES, BURST, MAX_BYTES }) => {
      // A generous worker timeout: quota recovery (evict, retry) on a loaded machine can pass the
      // default 3 s, and the page would then take over the disk tier and its budget.
      const cache = window.tc.make('q', { name, memory: { maxEntries: 4 }, disk: { maxBytes: MAX_BYTES }, workerTimeoutMs: 20_000 });
      const state = { done: 0, target: 0, rejected: [] as string[], running: Promise.resolve() };
      const write = async () => {
        for (;;) {
          if (state.done >= state.target) {
            await new Promise((r) => setTimeout(r, 20));
            if (state.target < 0) return;
            continue;
          }
          const burst: Promise<unknown>[] = [];
          for (let i = 0; i < BURST; i++) {
            const n = state.done + i;
            burst.push(cache.set(`q${n}`, window.tc.randomBytes(VALUE_BYTES, n + 1)).catch((e: unknown) => state.rejected.push(`set: ${String(e)}`)));
            if (n > 0) burst.push(cache.get(`q${n - 1}`).catch((e: unknown) => state.rejected.push(`get: ${String(e)}`)));
          }
          await Promise.all(burst);
          state.done += BURST;
        }
      };
      state.running = write();
      window.quotaWriter = state;
    },
    { name, VALUE_BYTES, BURST, MAX_BYTES },
  );
}

/**
 * Puts a lowered quota in force. Chromium's IndexedDB caches the room it last saw left in the
 * origin's quota and asks again only when a transaction needs more: a quota lowered by CDP is
 * not enforced until that room is used up (measured: 11 → 28 MiB written under a 3 MiB
 * override). One refused write larger than any quota here makes it ask; nothing is stored.
 */
async function enforceLowered(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('quota-nudge', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('s', 'readwrite');
    tx.objectStore('s').put(new ArrayBuffer(31 << 20), 'room');
    const outcome = await new Promise<string>((resolve) => {
      tx.oncomplete = () => resolve('stored');
      tx.onabort = () => resolve(String(tx.error?.name));
    });
    // Not refused (the override was not in force yet): the nudge must not stay and fill the quota.
    if (outcome === 'stored') {
      const drop = db.transaction('s', 'readwrite');
      drop.objectStore('s').delete('room');
      await new Promise((resolve) => (drop.oncomplete = drop.onabort = resolve));
    }
    db.close();
    return outcome;
  });
}

/** Raises the writer's target; resolves once it is `done` sets along. */
async function writeUntil(page: Page, target: number, done: number): Promise<void> {
  await page.evaluate((target) => void (window.quotaWriter!.target = target), target);
  await page.waitForFunction((done) => window.quotaWriter!.done >= done, done, { timeout: 60_000, polling: 50 });
}

test('a quota flipped between 3 MiB and 30 MiB during writes never rejects a get or set, and the effective budget climbs back when room returns', async ({ context }, testInfo) => {
  test.setTimeout(180_000);
  const name = uniqueName('moves');
  const page = await openPage(context, { sw: true });
  const quota = await setQuota(page, LOW);
  await startWriter(page, name);

  const budgets: { quota: number; budget: number }[] = [];
  let target = 0;
  for (const [i, phase] of PHASES.entries()) {
    const start = target;
    target += phase.sets;
    // The first quota is set before the database is first written; every later one moves while
    // the writer is two bursts into the phase, with a burst in flight.
    if (i > 0) {
      await writeUntil(page, target, start + 2 * BURST);
      const origin = new URL(page.url()).origin;
      await quota.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: phase.quota });
      if (phase.quota === LOW) {
        // Seen once in a clean run: the nudge stored while the override read as set. Set it again.
        let outcome = await enforceLowered(page);
        for (let tries = 1; outcome === 'stored' && tries < 3; tries++) {
          await quota.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: phase.quota });
          outcome = await enforceLowered(page);
        }
        // Chromium 150 (Debian bookworm's package) never enforces a quota lowered after the origin
        // wrote, even against a 31 MiB write: the scenario cannot be staged there.
        test.skip(outcome === 'stored', `Chromium ${context.browser()?.version()} does not enforce a CDP quota lowered after the origin wrote`);
        expect(outcome, 'the lowered quota is in force').toBe('QuotaExceededError');
      }
    }
    await writeUntil(page, target, target);
    budgets.push({ quota: phase.quota, budget: await page.evaluate(async () => (await window.tc.caches.q!.inspect()).disk.effectiveBudget) });
  }
  await page.evaluate(async () => {
    window.quotaWriter!.target = -1;
    await window.quotaWriter!.running;
  });
  const outcome = await page.evaluate(() => ({
    rejected: window.quotaWriter!.rejected,
    errors: window.tc.errors.q ?? [],
    done: window.quotaWriter!.done,
    mode: window.tc.caches.q!.mode,
  }));
  console.log(`quota-moves: ${JSON.stringify({ budgets, sets: outcome.done, errorEvents: outcome.errors.length })}`);

  expect(outcome.rejected, 'gets and sets that rejected').toEqual([]);
  expect(outcome.done).toBe(target);
  expect(outcome.mode, 'the budgets read are the worker tier\'s').toBe('worker');
  expect(outcome.errors.every((e) => e.code === 'quota' || e.code === 'write'), JSON.stringify(outcome.errors.slice(0, 3))).toBe(true);
  const [low1, high1, low2, high2] = budgets.map((b) => b.budget) as [number, number, number, number];
  expect(low1, 'under the 3 MiB quota the budget came down below it').toBeLessThan(LOW);
  expect(high1, 'with 30 MiB the budget climbed back above the small quota').toBeGreaterThan(LOW);
  expect(low2, 'the quota shrank again: so did the budget').toBeLessThan(high1);
  expect(high2, 'and it climbed back again').toBeGreaterThan(Math.max(low2, LOW));
  expect(high2).toBeLessThanOrEqual(MAX_BYTES);

  const records = await scan(page, name);
  expectConsistent(records, 'database', { afterQuota: true });
  const reported = await page.evaluate(async () => (await window.tc.caches.q!.stats()).disk);
  expect({ entries: reported.entries, storedBytes: reported.storedBytes }, 'what the cache reports vs a full scan').toEqual({ entries: records.sum.entries, storedBytes: records.sum.storedBytes });
  const newest = await page.evaluate(
    async ({ name, VALUE_BYTES, MAX_BYTES, total }) => {
      const reader = window.tc.make('r', { name, memory: { maxEntries: 4 }, disk: { maxBytes: MAX_BYTES } });
      const bad: string[] = [];
      for (let n = total - 8; n < total; n++) {
        if (!window.tc.sameBytes(await reader.get(`q${n}`), window.tc.randomBytes(VALUE_BYTES, n + 1))) bad.push(`q${n}`);
      }
      return bad;
    },
    { name, VALUE_BYTES, MAX_BYTES, total: target },
  );
  expect(newest, 'newest values missing or wrong on disk').toEqual([]);
  const counts = {
    sets: outcome.done,
    flips: PHASES.length - 1,
    rejected: outcome.rejected.length,
    errorEvents: outcome.errors.length,
    budgetLow: Math.min(low1, low2),
    budgetHigh: Math.max(high1, high2),
  };
  testInfo.annotations.push({ type: 'counts', description: JSON.stringify(counts) });
  await expectNoRejections(page);
  await quota.detach();
});
