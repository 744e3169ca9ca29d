// With the origin's real quota set to 3 MiB (CDP Storage.overrideQuotaForOrigin), writing 30 MiB
// of ~20 KB JSON values: no rejection reaches the caller, stored bytes stay under the quota, the
// most recent writes read back intact, and quota trouble is reported as events, not errors thrown.
//
// Facts this relies on (Chromium): the QuotaExceededError arrives as a transaction abort after
// every put's onsuccess; only oncomplete means stored. navigator.storage.estimate() would still
// report usage + 10 GiB here, so the tier cannot see the quota coming: it learns it from the abort.
import { afterAll, expect, test } from 'vitest';
import { cdp } from 'vitest/browser';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, jsonValue, randomBytes, recordEvents, request, uniqueName } from './disk-helpers.ts';

/**
 * ~`bytes` of JSON that deflates about 3x, like real API payloads (jsonValue alone deflates ~10x,
 * which would leave 30 MiB raw only just over the quota once compressed, and other test files
 * freeing space in the same origin could then hide the quota entirely).
 */
function realisticJson(seed: number, bytes: number): unknown {
  let x = seed * 2654435761 >>> 0 || 1;
  const token = () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x.toString(36);
  };
  const base = jsonValue(seed, bytes * 0.9) as { seed: number; items: Record<string, unknown>[] };
  for (const item of base.items) item.sku = `${token()}-${token()}`;
  return base;
}

const QUOTA = 3 * 1024 * 1024;
const name = uniqueName('quota');
const overName = uniqueName('quota-delete');
const FILLER = uniqueName('quota-filler');
afterAll(async () => {
  await cdp().send('Storage.overrideQuotaForOrigin', { origin: location.origin });
  await deleteDatabase(name);
  await deleteDatabase(overName);
  await request(indexedDB.deleteDatabase(FILLER));
});

interface UsageAndQuota {
  usage: number;
  quota: number;
  overrideActive: boolean;
}

test('30 MiB into a 3 MiB quota: nothing rejects, stored bytes stay under it, recent writes read back', { timeout: 240_000 }, async () => {
  // Browser test files run one at a time (vitest.config.ts): drop what earlier files left in this
  // origin, so that no space they free (deletes, LevelDB compaction) widens the quota mid-test.
  for (const db of await indexedDB.databases()) {
    if (!db.name) continue;
    const request = indexedDB.deleteDatabase(db.name);
    // A connection an earlier file left open blocks the delete until it closes: don't wait for it.
    await new Promise((resolve) => {
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }
  const before = (await cdp().send('Storage.getUsageAndQuota', { origin: location.origin })) as UsageAndQuota;
  console.info(`quota test: origin usage at start ${before.usage} B`);
  // 3 MiB for this test on top of what the origin holds now.
  await cdp().send('Storage.overrideQuotaForOrigin', { origin: location.origin, quotaSize: before.usage + QUOTA });
  const tier = new DiskTier({ name, maxBytes: 50 * 1024 * 1024 });
  const { evicts, errors } = recordEvents(tier);

  const count = 1500;
  const values = Array.from({ length: count }, (_, i) => realisticJson(i + 1, 20_000));
  const raw = values.reduce<number>((s, v) => s + encodeValue(v).bytes.byteLength, 0);
  expect(raw).toBeGreaterThan(30 * 1000 * 1000);
  const results: boolean[] = [];
  for (let i = 0; i < count; i += 10) {
    const group = values.slice(i, i + 10).map((v, j) => tier.set(`v${i + j}`, encodeValue(v)));
    results.push(...(await Promise.all(group))); // never rejects
  }

  const usage = (await cdp().send('Storage.getUsageAndQuota', { origin: location.origin })) as UsageAndQuota;
  expect(usage.overrideActive).toBe(true);
  const stats = await tier.stats();
  console.info(`quota test: ${results.filter(Boolean).length}/${count} writes stored, ${errors.length} quota errors, ${evicts.length} evictions, stored ${stats.storedBytes} B of raw ${raw} B written, effective budget ${stats.effectiveBudget} B, origin usage ${usage.usage - before.usage} B over the start`);
  const enforced = evicts.length > 0 || errors.length > 0 || usage.usage - before.usage <= QUOTA;
  expect(enforced, 'precondition: Chromium enforced the CDP quota override (origin usage grew past it with no write refused)').toBe(true);
  expect(stats.storedBytes).toBeLessThan(QUOTA);
  expect(stats.storedBytes).toBe((await fullScan(name)).storedBytes);
  // The quota was really hit: the budget came down from 50 MiB and records were evicted for it.
  expect(stats.effectiveBudget).toBeLessThan(QUOTA);
  expect(evicts.some((e) => e.reason === 'quota')).toBe(true);
  expect(errors.filter((e) => e.code !== 'quota').map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  // Most writes were stored; of the last 20, every one acknowledged (set resolved true) reads back
  // intact. A batch whose retry failed too resolves false with a 'quota' error: not acknowledged,
  // so not expected back (a clean-clone run had v1480-v1489 refused that way).
  // (Other test files share this origin's quota: their growth during this test also counts.)
  expect(results.filter(Boolean).length, `stored ${results.filter(Boolean).length}/${count}`).toBeGreaterThan(count * 0.9);
  const recent = Array.from({ length: 20 }, (_, j) => count - 20 + j).filter((i) => results[i]);
  expect(recent.length, 'most of the last 20 writes were acknowledged').toBeGreaterThanOrEqual(10);
  for (const i of recent) {
    const hit = await tier.get(`v${i}`);
    expect(hit, `v${i}`).toBeDefined();
    expect(decodeValue(hit!.value)).toEqual(values[i]);
  }
  tier.close();
  // The override is enforced only when set before this origin first wrote to IndexedDB in the
  // browser session (Chromium 156): test/browser/sequencer.ts runs this file first, and the
  // precondition check above says so plainly if that ever stops holding.
});

// Issue 18: over quota a delete or a clear must go through (as delete-only transactions) and the
// old value never come back after a reopen. The crash suite found the bug (worker mode, seed 9:
// a refused clear, its old values back after the kill); here the filled origin did not refuse the
// old delete transaction in Chromium 156, so this test holds the contract, and `npm run crash`
// is what fails without the fix. Runs after the test above, in the same file: the override is
// enforced only when set before the origin's first write of the session (see the note above).
test('over quota, a delete and a clear still go through: the old value never comes back', { timeout: 120_000 }, async () => {
  await deleteDatabase(name); // room again under the quota the test above filled
  let tier = new DiskTier({ name: overName });
  expect(await tier.set('gone', encodeValue('old value'))).toBe(true);
  expect(await tier.set('kept', encodeValue('kept value'))).toBe(true);
  // Another database fills the origin until a write is refused: the origin is over its quota now.
  const opening = indexedDB.open(FILLER);
  opening.onupgradeneeded = () => opening.result.createObjectStore('f');
  const filler = await request(opening);
  // Chunks of 64 KiB, then ever smaller ones once refused, down to a few bytes: no put fits.
  let size = 64 * 1024;
  for (let i = 0; i < 2000 && size >= 16; i++) {
    const tx = filler.transaction('f', 'readwrite');
    tx.objectStore('f').put(randomBytes(size, i + 1), i);
    const refused = await new Promise<boolean>((resolve) => {
      tx.oncomplete = () => resolve(false);
      tx.onabort = () => resolve(tx.error?.name === 'QuotaExceededError');
    });
    if (refused) size /= 4;
  }
  filler.close();
  expect(size, 'precondition: the origin is over its quota').toBeLessThan(16);
  expect(await tier.delete('gone')).toBe(true);
  expect(await tier.get('gone')).toBeUndefined();
  tier.close();
  tier = new DiskTier({ name: overName });
  expect(await tier.get('gone'), 'the deleted value after a reopen').toBeUndefined();
  expect(decodeValue((await tier.get('kept'))!.value)).toBe('kept value');
  const stats = await tier.stats();
  const scan = await fullScan(overName);
  expect({ entries: stats.entries, storedBytes: stats.storedBytes }).toEqual({ entries: 1, storedBytes: scan.storedBytes });
  await tier.clear();
  tier.close();
  tier = new DiskTier({ name: overName });
  expect(await tier.get('kept'), 'a cleared value after a reopen').toBeUndefined();
  expect((await fullScan(overName)).entries).toBe(0);
  expect((await tier.stats()).entries).toBe(0);
  tier.close();
});
