// npm run bench:diskparts — what each part of a DiskTier write costs, beside idb-keyval, in real
// Chromium: the same JSON values written uncompressed, one part added at a time (see writeParts in
// bench/disk-page.ts). With bench:disk's "deflate alone" rows it shows where put throughput goes.
// Alternates the variants over ROUNDS rounds, prints medians, writes bench/results/diskparts.json.
import { DISK_ROUNDS as ROUNDS, openDiskBench } from './disk-driver.mjs';
import { machine, median, writeResult } from './harness.mjs';

const PORT = Number(process.env.PORT ?? 5182);
const PARTS = (process.env.PARTS ?? 'idb-keyval,one-put,entry,entry-keypath,entry-indexed,entry-handlers,entry-prebuilt,entry-4tx,two-records,commit-direct,tiercache-raw,tiercache').split(',');

const { call, close } = await openDiskBench(PORT);
try {
  const results = {
    machine: await machine(),
    date: new Date().toISOString(),
    rounds: ROUNDS,
    parts: {},
  };
  for (const [label, count, bytes] of [['4KB', 1000, 4096], ['40KB', 200, 40960]]) {
    const runs = Object.fromEntries(PARTS.map((p) => [p, []]));
    await call('writeParts', 'one-put', 100, bytes); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const part of round % 2 === 0 ? PARTS : [...PARTS].reverse()) runs[part].push((await call('writeParts', part, count, bytes)).ms);
    }
    const row = {};
    const peer = median(runs['idb-keyval']);
    for (const part of PARTS) {
      const ms = median(runs[part]);
      row[part] = { medianMs: +ms.toFixed(1), entriesPerSec: Math.round((count / ms) * 1000), ratioVsIdbKeyval: +(peer / ms).toFixed(2) };
    }
    results.parts[label] = { count, ...row };
    console.log(`writes ${label} ×${count}, uncompressed: ` + PARTS.map((p) => `${p} ${row[p].medianMs} ms (×${row[p].ratioVsIdbKeyval})`).join(' | '));
  }
  console.log(`\nwrote ${await writeResult('diskparts', results)}`);
} finally {
  await close();
}
