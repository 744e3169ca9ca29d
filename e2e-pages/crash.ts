// The crash suite's page (scripts/crash/harness.mjs): opens a cache on the persistent profile,
// reads back every key for the checker, then runs the seeded workload until the browser is
// killed. Every issue, acknowledgement, error and eviction goes to the test process as it
// happens, through the `crashLog` binding. Not part of the demo.
import { createCache, type TierCache } from '../src/index.ts';
import { unwrapBody } from '../src/disk/store/schema.ts';
import { CRASH_BUDGET, CRASH_MAX_ENTRY, KEY_COUNT, keyName, nextStep, prng, valueOf } from '../scripts/crash/workload.mjs';

type LogEvent = Record<string, unknown>;
interface CrashWindow {
  crashLog(events: LogEvent[]): Promise<void>;
  crashOpen(options: { name: string; worker: boolean }): Promise<{ mode: string }>;
  crashCheck(extraKeys: string[]): Promise<unknown>;
  crashRun(options: { seed: number; round: number; steps: number }): Promise<void>;
}
const w = window as unknown as CrashWindow;
let cache: TierCache;
let name = '';
let seq = 0;

const log = (event: LogEvent) => void w.crashLog([event]).catch(() => undefined);

w.crashOpen = async (options) => {
  name = options.name;
  if (options.worker) {
    await navigator.serviceWorker.register('/sw.js', { type: 'module' });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  }
  // A small memory tier: reads after the first few go to the disk tier.
  cache = createCache({ name, memory: { maxEntries: 4 }, disk: { maxBytes: CRASH_BUDGET, maxEntryBytes: CRASH_MAX_ENTRY }, workerTimeoutMs: 5000 });
  cache.addEventListener('error', (e) => log({ e: 'err', code: String(e.detail.error?.code), message: String(e.detail.error?.message).slice(0, 120) }));
  cache.addEventListener('evict', (e) => {
    if (e.detail.tier === 'disk') log({ e: 'ev', key: e.detail.key, reason: e.detail.reason });
  });
  await cache.stats(); // opens the disk tier (worker or page)
  return { mode: cache.mode };
};

/** A raw scan of the database: every meta, every body's size, the totals record. */
function scan(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(`tiercache:${name}`);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['meta', 'bodies', 'state'], 'readonly');
      const metas = tx.objectStore('meta').getAll();
      const bodies = tx.objectStore('bodies').openCursor();
      const totals = tx.objectStore('state').get('totals');
      const bodyBytes: Record<string, number> = {};
      bodies.onsuccess = () => {
        const cursor = bodies.result;
        if (!cursor) return;
        const body = unwrapBody(cursor.value); // bytes, or a Blob of them (8 KiB and more)
        bodyBytes[String(cursor.key)] = body instanceof Blob ? body.size : body instanceof ArrayBuffer ? body.byteLength : -1;
        cursor.continue();
      };
      tx.onabort = () => reject(tx.error);
      tx.oncomplete = () => {
        db.close();
        const records = (metas.result as { key: string; rawBytes: number; storedBytes: number }[]).map((m) => ({ key: m.key, rawBytes: m.rawBytes, storedBytes: m.storedBytes }));
        resolve({ records, bodyBytes, totals: totals.result ?? null });
      };
    };
  });
}

w.crashCheck = async (extraKeys) => {
  const reads: Record<string, string | null> = {};
  for (const key of [...Array.from({ length: KEY_COUNT }, (_, i) => keyName(i)), ...extraKeys]) {
    const value = await cache.get<string>(key);
    reads[key] = value === undefined ? null : typeof value === 'string' ? value : `!${typeof value}`;
  }
  const before = await cache.stats();
  // The budget holds once the open's checks ran: they evict what a kill left over the budget.
  let stats = before;
  for (let i = 0; i < 50 && stats.disk.storedBytes > CRASH_BUDGET; i++) {
    await new Promise((r) => setTimeout(r, 100));
    stats = await cache.stats();
  }
  // The cache keeps working: a set and a get after the reopen.
  const probe = `probe-${Date.now()}`;
  await cache.set(probe, 'alive');
  const alive = await cache.get(probe);
  await cache.delete(probe);
  return { reads, before: before.disk, stats: stats.disk, scan: await scan(), alive: alive === 'alive' };
};

w.crashRun = async ({ seed, round, steps }) => {
  const rng = prng(seed * 1000 + round);
  let id = (seed * 1000 + round) * 100_000;
  const nextId = () => ++id;
  // An op is issued only once the test process has recorded it: a write the kill catches in
  // flight is then always in the log (its acknowledgement may not be).
  const issue = async (events: LogEvent[], op: () => Promise<unknown>[]) => {
    const ns = events.map(() => ++seq);
    await w.crashLog(events.map((event, i) => ({ e: 'i', n: ns[i], ...event })));
    const acks = op().map((p, i) =>
      p.then(
        () => log({ e: 'a', n: ns[i] }),
        (err: unknown) => log({ e: 'rej', n: ns[i], message: String(err) }),
      ),
    );
    return { acked: Promise.all(acks) };
  };
  for (let i = 0; i < steps; i++) {
    const step = nextStep(rng, nextId);
    let done: Promise<unknown> = Promise.resolve();
    if (step.op === 'set') {
      done = (await issue([{ op: 'set', key: step.key, id: step.id, size: step.size }], () => [cache.set(step.key, valueOf(step.id, step.size))])).acked;
    } else if (step.op === 'delete') {
      done = (await issue([{ op: 'delete', key: step.key }], () => [cache.delete(step.key)])).acked;
    } else if (step.op === 'clear') {
      done = (await issue([{ op: 'clear' }], () => [cache.clear()])).acked;
    } else if (step.op === 'burst') {
      const sets = step.sets;
      done = (await issue(
        sets.map((s) => ({ op: 'set', key: s.key, id: s.id, size: s.size })),
        () => sets.map((s) => cache.set(s.key, valueOf(s.id, s.size))),
      )).acked;
    } else if (step.op === 'get') {
      await cache.get(step.key);
    } else {
      await new Promise((r) => setTimeout(r, step.ms));
    }
    if ('wait' in step && step.wait) await done;
  }
  log({ e: 'done' });
};
document.getElementById('status')!.textContent = 'ready';
