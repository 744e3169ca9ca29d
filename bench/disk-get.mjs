// node bench/disk-get.mjs — the get part of `npm run bench:disk` alone, with more rounds (7):
// single-get p50 of the default tier (shared dictionary on), the tier with compress.dictionary
// false, and idb-keyval, alternated. On a loaded machine the get figures of bench:disk move by
// 2× between runs; this repeats only them. Prints medians and each round. PORT as bench:disk.
import { openDiskBench } from './disk-driver.mjs';
import { median } from './harness.mjs';

const ROUNDS = 7;
const { call, close } = await openDiskBench(Number(process.env.PORT ?? 5181));
try {
  const impls = ['tiercache', 'tiercache-plain', 'idb-keyval'];
  for (const [label, count, bytes] of [['4KB', 500, 4096], ['40KB', 100, 40960]]) {
    const runs = Object.fromEntries(impls.map((i) => [i, []]));
    for (let round = 0; round < ROUNDS; round++) for (const impl of round % 2 ? [...impls].reverse() : impls) runs[impl].push((await call('getLatency', impl, count, bytes, 200)).p50);
    const kv = median(runs['idb-keyval']);
    console.log(`get ${label} p50: ` + impls.map((i) => `${i} ${median(runs[i]).toFixed(3)} ms (×${(median(runs[i]) / kv).toFixed(2)}) [${runs[i].map((x) => x.toFixed(2)).join(' ')}]`).join(' | '));
  }
} finally {
  await close();
}
