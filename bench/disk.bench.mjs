// npm run bench:disk — DiskTier vs idb-keyval in real Chromium, side by side in one run.
// Starts a Vite dev server on :5181 serving bench/disk.html, drives bench/disk-page.ts with
// Playwright, alternates implementations over ROUNDS rounds, prints medians and ratios, and
// writes bench/results/disk.json.
import os from 'node:os';
import { DISK_ROUNDS as ROUNDS, openDiskBench } from './disk-driver.mjs';
import { machine, median, writeResult } from './harness.mjs';

const PORT = Number(process.env.PORT ?? 5181);

const { call, close } = await openDiskBench(PORT);
try {
  const results = {
    machine: { ...(await machine()), loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) },
    date: new Date().toISOString(),
    rounds: ROUNDS,
    put: {},
    get: {},
    storedOverRaw: {},
    dictionary: {},
    evict: {},
    open: {},
  };
  // 'tiercache' is the default configuration (shared dictionary on); 'tiercache-plain' turns it off;
  // 'tiercache-encrypted' (disk.encrypt, which turns the dictionary off) is read against plain.
  const impls = ['tiercache', 'tiercache-plain', 'tiercache-encrypted', 'idb-keyval', 'idb-keyval-bytes'];
  const putImpls = ['tiercache', 'tiercache-plain', 'tiercache-encrypted', 'tiercache-L1', 'idb-keyval', 'idb-keyval-bytes'];
  const alternate = (round, list = impls) => (round % 2 === 0 ? list : [...list].reverse());

  // Stored ÷ raw with and without the shared dictionary (deterministic: one run each).
  for (const [label, count, bytes] of [['1KB', 300, 1024], ['2KB', 300, 2048], ['10KB', 120, 10240], ['40KB', 60, 40960]]) {
    const plain = await call('storedRatio', count, bytes, false);
    const dict = await call('storedRatio', count, bytes, true);
    results.dictionary[label] = {
      values: count,
      rawBytesEach: Math.round(plain.rawBytes),
      plain: +plain.all.toFixed(3),
      dictionary: +dict.all.toFixed(3),
      dictionarySteady: +dict.steady.toFixed(3),
    };
    console.log(`stored/raw ${label} ×${count}: deflate ${results.dictionary[label].plain} | with the dictionary ${results.dictionary[label].dictionary} over all records, ${results.dictionary[label].dictionarySteady} once trained`);
  }

  // Batched puts: the whole corpus issued at once (tiercache: set() per value in one task; idb-keyval: setMany).
  for (const [label, count, bytes] of [['4KB', 1000, 4096], ['40KB', 200, 40960]]) {
    const runs = Object.fromEntries([...putImpls, 'deflate-fflate', 'deflate-native'].map((i) => [i, []]));
    const gaps = Object.fromEntries(putImpls.map((i) => [i, []]));
    let stored = 0;
    let raw = 0;
    let storedL1 = 0;
    await call('put', 'tiercache', Math.min(count, 100), bytes); // warm-up (JIT, corpus)
    for (let round = 0; round < ROUNDS; round++) {
      for (const impl of alternate(round, putImpls)) {
        const r = await call('put', impl, count, bytes);
        runs[impl].push(r.ms);
        gaps[impl].push(r.maxGapMs);
        if (impl === 'tiercache') ({ storedBytes: stored, rawBytes: raw } = r);
        if (impl === 'tiercache-L1') storedL1 = r.storedBytes;
      }
      // The floor for any put that compresses first: deflating the values, nothing stored.
      for (const codec of round % 2 === 0 ? ['fflate', 'native'] : ['native', 'fflate']) runs[`deflate-${codec}`].push((await call('deflateOnly', count, bytes, codec)).ms);
    }
    const row = {};
    for (const impl of putImpls) {
      const ms = median(runs[impl]);
      row[impl] = {
        medianMs: +ms.toFixed(1),
        entriesPerSec: Math.round((count / ms) * 1000),
        rawMBps: +(raw / 1e6 / (ms / 1000)).toFixed(1),
        // The longest the page's main thread was blocked during the put (a 1 ms heartbeat's largest gap).
        maxMainThreadBlockMs: +median(gaps[impl]).toFixed(1),
        roundsMs: runs[impl].map((x) => +x.toFixed(1)),
      };
    }
    // A set resolves once its value is stored deflated, as it will stay: tiercache's rate is the
    // rate until every value is stored in its final form.
    row.ratioVsIdbKeyval = +(row.tiercache.entriesPerSec / row['idb-keyval'].entriesPerSec).toFixed(2);
    row.ratioPlainVsIdbKeyval = +(row['tiercache-plain'].entriesPerSec / row['idb-keyval'].entriesPerSec).toFixed(2);
    row.ratioVsIdbKeyvalBytes = +(row.tiercache.entriesPerSec / row['idb-keyval-bytes'].entriesPerSec).toFixed(2);
    row.ratioL1VsIdbKeyval = +(row['tiercache-L1'].entriesPerSec / row['idb-keyval'].entriesPerSec).toFixed(2);
    // disk.encrypt: throughput until stored, sealed over plain (target >= 0.8).
    row.encryptedOverPlain = +(row['tiercache-encrypted'].entriesPerSec / row['tiercache-plain'].entriesPerSec).toFixed(2);
    // Deflate alone (no IndexedDB), as a rate: a put that compresses before its transaction can be no faster.
    for (const codec of ['fflate', 'native']) {
      const ms = median(runs[`deflate-${codec}`]);
      row[`deflateOnly-${codec}`] = { medianMs: +ms.toFixed(1), entriesPerSec: Math.round((count / ms) * 1000), rawMBps: +(raw / 1e6 / (ms / 1000)).toFixed(1), ratioVsIdbKeyval: +((count / ms) * 1000 / row['idb-keyval'].entriesPerSec).toFixed(2) };
    }
    results.put[label] = { count, rawBytes: raw, ...row };
    results.storedOverRaw[label] = +(stored / raw).toFixed(3);
    results.storedOverRaw[`${label} level 1`] = +(storedL1 / raw).toFixed(3);
    console.log(`put ${label} ×${count}: ` + putImpls.map((i) => `${i} ${row[i].entriesPerSec}/s ${row[i].rawMBps} MB/s`).join(' | ') + ` → tiercache (until stored deflated) ×${row.ratioVsIdbKeyval} vs idb-keyval (without the dictionary ×${row.ratioPlainVsIdbKeyval}, level 1: ×${row.ratioL1VsIdbKeyval}), ×${row.ratioVsIdbKeyvalBytes} vs idb-keyval-bytes` + ` | longest main-thread block: ` + putImpls.map((i) => `${i} ${row[i].maxMainThreadBlockMs} ms`).join(', ') + ` | deflate alone, nothing stored: fflate ${row['deflateOnly-fflate'].rawMBps} MB/s, native zlib ${row['deflateOnly-native'].rawMBps} MB/s` + `; stored/raw ${results.storedOverRaw[label]} (level 1: ${results.storedOverRaw[`${label} level 1`]})` + ` | encrypted/plain throughput ×${row.encryptedOverPlain}`);
  }

  // Get latency, decoded value in hand (tiercache: read + verify + inflate + JSON.parse).
  for (const [label, count, bytes] of [['4KB', 500, 4096], ['40KB', 100, 40960]]) {
    const runs = Object.fromEntries(impls.map((i) => [i, { p50: [], p95: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const impl of alternate(round)) {
        const r = await call('getLatency', impl, count, bytes, 200);
        runs[impl].p50.push(r.p50);
        runs[impl].p95.push(r.p95);
      }
    }
    const row = {};
    for (const impl of impls) row[impl] = { p50Ms: +median(runs[impl].p50).toFixed(3), p95Ms: +median(runs[impl].p95).toFixed(3) };
    row.p50RatioVsIdbKeyval = +(row.tiercache.p50Ms / row['idb-keyval'].p50Ms).toFixed(2);
    row.p50RatioPlainVsIdbKeyval = +(row['tiercache-plain'].p50Ms / row['idb-keyval'].p50Ms).toFixed(2);
    row.p50RatioVsIdbKeyvalBytes = +(row.tiercache.p50Ms / row['idb-keyval-bytes'].p50Ms).toFixed(2);
    // disk.encrypt: get p50, sealed over plain (target <= 1.2).
    row.p50EncryptedOverPlain = +(row['tiercache-encrypted'].p50Ms / row['tiercache-plain'].p50Ms).toFixed(2);
    results.get[label] = row;
    console.log(`get ${label}: ` + impls.map((i) => `${i} p50 ${row[i].p50Ms} p95 ${row[i].p95Ms} ms`).join(' | ') + ` → p50 ×${row.p50RatioVsIdbKeyval} vs idb-keyval (without the dictionary ×${row.p50RatioPlainVsIdbKeyval}), ×${row.p50RatioVsIdbKeyvalBytes} vs idb-keyval-bytes; encrypted/plain p50 ×${row.p50EncryptedOverPlain}`);
  }

  // Eviction of 10,000 records in one trim() (bounded batches, one transaction each).
  {
    const times = [];
    for (let round = 0; round < ROUNDS; round++) times.push((await call('evict', 10_000)).ms);
    results.evict = { records: 10_000, medianMs: +median(times).toFixed(1), roundsMs: times.map((x) => +x.toFixed(1)) };
    console.log(`evict 10,000 records: median ${results.evict.medianMs} ms`);
  }

  // Open time (open + totals read) as the same database grows.
  for (const count of [10, 1000, 100_000]) {
    const { times } = await call('openTime', count, ROUNDS);
    const { times: kv } = await call('kvOpenTime', count, ROUNDS);
    results.open[count] = {
      tiercache: { medianMs: +median(times).toFixed(1), roundsMs: times.map((x) => +x.toFixed(1)) },
      'idb-keyval': { medianMs: +median(kv).toFixed(1), roundsMs: kv.map((x) => +x.toFixed(1)) },
    };
    console.log(`open with ${count} records: tiercache median ${results.open[count].tiercache.medianMs} ms (open + totals) | idb-keyval ${results.open[count]['idb-keyval'].medianMs} ms (open + one get)`);
  }
  await call('cleanup');
  results.open.ratio100kOver10 = {
    tiercache: +(results.open[100_000].tiercache.medianMs / results.open[10].tiercache.medianMs).toFixed(2),
    'idb-keyval': +(results.open[100_000]['idb-keyval'].medianMs / results.open[10]['idb-keyval'].medianMs).toFixed(2),
  };
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));

  console.log(`\nwrote ${await writeResult('disk', results)}`);
} finally {
  await close();
}
