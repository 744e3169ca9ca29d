// Scenario 19: many writers on the same keys at once. Three tabs the worker controls, the worker
// itself (its route stores /api/counter/:name?writer responses under the very keys the pages
// set()), and one tab the worker does not control (its own disk tier on the same database) run
// a seeded random workload of sets, deletes, reads and route fetches on 16 overlapping keys.
// Expected, once every operation resolved: every context reads the same thing for every key;
// that is the last acknowledged write (see `allowed` for what "last" means when acks overlap);
// the totals record equals a full scan, and the keys on disk are the keys read as present.
// A failing seed is printed; rerun it with SEED=<n>.
import type { Page } from '@playwright/test';
import { prng } from '../scripts/crash/workload.mjs';
import { expect, expectConsistent, expectNoRejections, openPage, openUncontrolled, scan, test } from './support/harness.ts';

const SEED = Number(process.env.SEED ?? 20261205);
const OPS = 600;
const KEYS = 16;
const IN_FLIGHT = 3;
/** Clock slack between renderer processes: a write counts as after another's ack only past it. */
const SLACK_MS = 2;
/** How long the workload may take (it takes 5–20 s; a loaded 2-core machine is slower). */
const SETTLE_MS = 100_000;

type OpKind = 'set' | 'delete' | 'get' | 'route';
interface PlannedOp {
  kind: OpKind;
  key: number;
  delayMs: number;
  size: number;
}
/** An acknowledged operation as its context logged it (times from performance.timeOrigin + now()). */
interface Acked {
  writer: string;
  kind: OpKind;
  key: number;
  start: number;
  ack: number;
  /** What the write left under the key: 'v:<writer>:<n>', 'r:<count>' (a route response), or 'absent'. */
  outcome?: string;
  xCache?: string | null;
}

/** One writer's operations: pages set, delete and get; the worker's writer fetches its route. */
function plan(random: () => number, count: number, worker: boolean): PlannedOp[] {
  return Array.from({ length: count }, () => {
    const r = random();
    const kind: OpKind = worker ? (r < 0.85 ? 'route' : 'get') : r < 0.6 ? 'set' : r < 0.75 ? 'delete' : 'get';
    return { kind, key: Math.floor(random() * KEYS), delayMs: Math.floor(random() * 4), size: random() < 0.2 ? 2048 : 16 };
  });
}

/** Runs a writer's plan in `page` on the cache `id` (name 'api', the worker's route database); resolves with its log. */
async function runWriter(page: Page, writer: string, ops: PlannedOp[], keys: string[]): Promise<Acked[]> {
  return page.evaluate(
    async ({ writer, ops, keys, IN_FLIGHT }) => {
      const cache = window.tc.caches.w!;
      const clock = () => performance.timeOrigin + performance.now();
      const log: Acked[] = [];
      const inFlight = new Set<Promise<void>>();
      // What is still unanswered, for the report of a run that does not settle.
      const pending = new Map<number, string>();
      ((window as unknown as { pendingOps: Record<string, Map<number, string>> }).pendingOps ??= {})[writer] = pending;
      let n = 0;
      for (const op of ops) {
        if (op.delayMs > 0) await new Promise((r) => setTimeout(r, op.delayMs));
        while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
        const key = keys[op.key]!;
        const start = clock();
        const tag = `v:${writer}:${n}`;
        const id = n++;
        pending.set(id, `${op.kind} k${op.key} since ${Math.round(start)}`);
        let work: Promise<Partial<Acked>>;
        if (op.kind === 'set') {
          const value = { tag, pad: 'x'.repeat(op.size) };
          work = cache.set(key, value).then(() => ({ outcome: tag }));
        } else if (op.kind === 'delete') {
          work = cache.delete(key).then(() => ({ outcome: 'absent' }));
        } else if (op.kind === 'get') {
          work = cache.get(key).then(() => ({}));
        } else {
          work = fetch(key, { cache: 'no-store' }).then(async (r) => {
            const body = (await r.json()) as { count: number };
            return { outcome: `r:${body.count}`, xCache: r.headers.get('x-cache') };
          });
        }
        const done: Promise<void> = work.then((extra) => {
          log.push({ writer, kind: op.kind, key: op.key, start, ack: clock(), ...extra });
          pending.delete(id);
          inFlight.delete(done);
        });
        inFlight.add(done);
      }
      await Promise.all(inFlight);
      return log;
    },
    { writer, ops, keys, IN_FLIGHT },
  );
}

/** What a context reads for each key: a set() value's tag, a stored response's count, or 'absent'. */
async function readAll(page: Page, id: string, keys: string[]): Promise<string[]> {
  return page.evaluate(
    async ({ id, keys }) => {
      const cache = window.tc.caches[id]!;
      const out: string[] = [];
      for (const key of keys) {
        const value = (await cache.get(key)) as { tag?: string } | undefined;
        if (value !== undefined) {
          out.push(String(value.tag));
          continue;
        }
        try {
          const r = await cache.fetch(key, { strategy: 'cache-only' });
          out.push(`r:${((await r.json()) as { count: number }).count}`);
        } catch {
          out.push('absent');
        }
      }
      return out;
    },
    { id, keys },
  );
}

/**
 * The outcomes a key may end with: those of the writes no other write superseded, where W' supersedes
 * W when W' started after W was acknowledged. Writes whose acknowledgements overlap may end either way.
 */
function allowed(writes: Acked[]): Set<string> {
  if (writes.length === 0) return new Set(['absent']);
  return new Set(writes.filter((w) => !writes.some((o) => o !== w && o.start > w.ack + SLACK_MS)).map((w) => w.outcome!));
}

test('three controlled tabs, the worker and an uncontrolled tab writing the same keys agree on every key, on the last acknowledged write, with exact totals', async ({ context }, testInfo) => {
  test.setTimeout(SETTLE_MS + 60_000);
  testInfo.annotations.push({ type: 'seed', description: String(SEED) });
  const tabs = [await openPage(context, { sw: true }), await openPage(context, { sw: true }), await openPage(context, { sw: true })];
  const loose = await openUncontrolled(context);
  const pages = [...tabs, loose];
  for (const page of pages) {
    await page.evaluate(() => void window.tc.make('w', { name: 'api', memory: { maxEntries: 200 }, disk: { maxBytes: 16 << 20 }, workerTimeoutMs: 5000 }));
  }
  expect(await Promise.all(pages.map((p) => p.evaluate(() => window.tc.caches.w!.mode)))).toEqual(['worker', 'worker', 'worker', 'page']);

  const origin = new URL(tabs[0]!.url()).origin;
  const run = `${SEED}-${Date.now().toString(36)}`;
  const keys = Array.from({ length: KEYS }, (_, i) => `${origin}/api/counter/${run}-k${i}?writer`);
  const random = prng(SEED);
  const writers = [
    { name: 'tab0', page: tabs[0]!, worker: false },
    { name: 'tab1', page: tabs[1]!, worker: false },
    { name: 'tab2', page: tabs[2]!, worker: false },
    { name: 'loose', page: loose, worker: false },
    // The worker's writes, asked for by plain fetches from a controlled tab.
    { name: 'worker', page: tabs[2]!, worker: true },
  ];
  const plans = writers.map((w) => plan(random, OPS / writers.length, w.worker));
  const running = Promise.all(writers.map((w, i) => runWriter(w.page, w.name, plans[i]!, keys)));
  const settled = await Promise.race([running, new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), SETTLE_MS))]);
  if (settled === 'stuck') {
    const stuck = await Promise.all(
      pages.map((p) => p.evaluate(() => Object.entries((window as unknown as { pendingOps?: Record<string, Map<number, string>> }).pendingOps ?? {}).map(([w, m]) => `${w}: ${[...m.values()].join('; ')}`))),
    );
    throw new Error(`seed ${SEED}: operations unanswered after ${SETTLE_MS} ms (now ${Date.now()}): ${stuck.flat().join(' | ')}`);
  }
  const logs = settled.flat();
  expect(logs.length, 'every operation resolved').toBe(OPS);
  const routeMisses = logs.filter((l) => l.kind === 'route' && l.xCache !== 'MISS');
  expect(routeMisses, `seed ${SEED}: route writes the worker answered without storing`).toEqual([]);

  const writes = logs.filter((l) => l.outcome !== undefined);
  const byKey = keys.map((_, k) => writes.filter((w) => w.key === k));
  const expected = byKey.map(allowed);

  // The worker's own view: a fresh cache in a controlled tab (empty memory) reads through it.
  await tabs[0]!.evaluate(() => void window.tc.make('fresh', { name: 'api', memory: { maxEntries: 200 }, disk: { maxBytes: 16 << 20 }, workerTimeoutMs: 5000 }));
  const contexts = [
    ...writers.filter((w) => !w.worker).map((w) => ({ name: w.name, page: w.page, id: 'w' })),
    { name: 'worker', page: tabs[0]!, id: 'fresh' },
  ];
  // Settled: other tabs hear of changes within milliseconds, not synchronously (bounded poll).
  let views: string[][] = [];
  let disagreements: number[] = [];
  const deadline = Date.now() + 5000;
  for (;;) {
    views = await Promise.all(contexts.map((c) => readAll(c.page, c.id, keys)));
    disagreements = keys.map((_, k) => k).filter((k) => new Set(views.map((v) => v[k])).size > 1);
    if (disagreements.length === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const table = (k: number) => `${keys[k]}: ${contexts.map((c, i) => `${c.name}=${views[i]![k]}`).join(' ')}; allowed ${[...expected[k]!].join(',')}`;
  expect(disagreements.map(table), `seed ${SEED}: contexts disagree`).toEqual([]);
  const wrong = keys.map((_, k) => k).filter((k) => !expected[k]!.has(views[0]![k]!));
  expect(wrong.map(table), `seed ${SEED}: a key is not at its last acknowledged write`).toEqual([]);

  const records = await scan(tabs[1]!, 'api');
  expectConsistent(records, 'api');
  const onDisk = new Set(records.records.map((r) => r.key));
  const present = keys.filter((_, k) => views[0]![k] !== 'absent');
  expect(keys.filter((key) => onDisk.has(key)).sort(), 'the keys on disk are the keys read as present').toEqual(present.sort());

  const counts = {
    writers: writers.length,
    ops: logs.length,
    writes: writes.length,
    routeWrites: writes.filter((w) => w.kind === 'route').length,
    keysChecked: keys.length * contexts.length,
    disagreements: disagreements.length + wrong.length,
    seed: SEED,
  };
  testInfo.annotations.push({ type: 'counts', description: JSON.stringify(counts) });
  console.log(`many-writers: ${JSON.stringify(counts)}`);
  for (const page of pages) await expectNoRejections(page);
});
