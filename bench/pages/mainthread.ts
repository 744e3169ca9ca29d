// The page's half of bench/mainthread.mjs: the app fetches and parses ~10 MiB of API responses
// while they are stored (a) by tiercache's worker, (b) by localForage from the page, or (c) not at
// all (the baseline: what fetch + JSON.parse alone costs). Measures the page's longest task.
import localforage from 'localforage';
import { pool } from './common.ts';

export type MainThreadImpl = 'tiercache' | 'localforage' | 'baseline';

export interface MainThreadResult {
  /** Longest 'longtask' entry (tasks ≥ 50 ms); 0 when none was observed. */
  longestTaskMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  /** Longest gap between 4 ms heartbeat timers, in ms: blocking below the 50 ms long-task threshold. */
  maxGapMs: number;
  stored: number;
  bytes: number;
  errors: number;
  ms: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function mainThread(impl: MainThreadImpl, urls: readonly string[], concurrency: number): Promise<MainThreadResult> {
  const store = impl === 'localforage' ? localforage.createInstance({ name: 'bench-mt', storeName: 'responses', driver: localforage.INDEXEDDB }) : undefined;
  if (store) await store.ready();

  const tasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  let running = true;
  let maxGapMs = 0;
  let last = performance.now();
  const beat = (): void => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    if (running) setTimeout(beat, 4);
  };
  await sleep(50);
  last = performance.now();
  setTimeout(beat, 4);

  const started = performance.now();
  let stored = 0;
  let bytes = 0;
  let errors = 0;
  await pool(urls, concurrency, async (url) => {
    try {
      const response = await fetch(url);
      const text = await response.text();
      const data: unknown = JSON.parse(text); // what the app does with a response in every variant
      bytes += text.length;
      if (store) await store.setItem(url, data);
      stored++;
    } catch {
      errors++;
    }
  });
  const ms = performance.now() - started;
  await sleep(200); // let the observer deliver the last entries
  running = false;
  observer.disconnect();
  tasks.push(...observer.takeRecords());
  const durations = tasks.map((t) => t.duration);
  return {
    longestTaskMs: durations.length ? Math.max(...durations) : 0,
    longTasks: durations.length,
    longTaskTotalMs: durations.reduce((a, b) => a + b, 0),
    maxGapMs,
    stored,
    bytes,
    errors,
    ms,
  };
}
