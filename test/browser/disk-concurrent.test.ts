// Two writers on the same cache at once — this page and a dedicated worker, each with its own
// DiskTier and connection — keep the totals exact (read-modify-write inside each transaction)
// and the budget held (one eviction at a time through the Web Lock).
import { afterAll, expect, test } from 'vitest';
import { DiskTier } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, uniqueName } from './disk-helpers.ts';
import { writeRandomly } from './disk-writer.ts';

const name = uniqueName('concurrent');
afterAll(() => deleteDatabase(name));

test('a page and a worker writing the same keys at once keep totals equal to a full scan', async () => {
  const maxBytes = 150_000;
  const worker = new Worker(new URL('./disk-writer.worker.ts', import.meta.url), { type: 'module' });
  const workerDone = new Promise<{ ok: boolean; errors?: string[]; error?: string }>((resolve) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => resolve({ ok: false, error: e.message });
  });
  worker.postMessage({ name, seed: 7, groups: 60, maxBytes });
  const page = new DiskTier({ name, maxBytes });
  const pageErrors: string[] = [];
  page.addEventListener('error', (e) => pageErrors.push((e as CustomEvent).detail.error.code));
  await writeRandomly(page, 99, 60);
  const result = await workerDone;
  worker.terminate();
  expect(result).toEqual({ ok: true, errors: [] });
  expect(pageErrors).toEqual([]);

  await page.trim();
  const stats = await page.stats();
  const scan = await fullScan(name);
  expect(scan.entries).toBeGreaterThan(0);
  expect({ entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes }).toEqual({
    entries: scan.entries,
    rawBytes: scan.rawBytes,
    storedBytes: scan.storedBytes,
  });
  expect(scan.bodies).toBe(scan.entries);
  expect(scan.bodyBytes).toBe(scan.storedBytes);
  expect(stats.storedBytes).toBeLessThanOrEqual(maxBytes);
  page.close();
}, 120_000);
