// What Chromium's usage holds besides the stored bytes, measured on plain IndexedDB (no tiercache):
// a cache-like workload of puts, each a ~600-byte meta in an indexed store and an 11.7 KB Blob body
// (the capacity corpus's compressed size), deleting the oldest to keep KEEP entries. Every STEP
// puts it reads the profile's files: LevelDB's write-ahead log, its tables, the Blob files.
// The log holds every write until LevelDB flushes its write buffer into a table; tables give back
// deleted and overwritten records only at a compaction. This is the overhead bench:capacity meets
// under its 20 MiB quota, whatever library writes. Then: log bytes per put by what a put writes.
// Usage: npm run bench:idb-overhead  (BENCH_OVERHEAD_PUTS, default 4000)
import { fmt, freshBrowser, indexedDbFiles, MiB, startServer, buildBench } from './harness.mjs';

const PUTS = Number(process.env.BENCH_OVERHEAD_PUTS ?? 4000);
const KEEP = 1400;
const STEP = 100;

/** In the page: `count` puts from `from` on, `perTx` to a transaction, as `shape` says. */
async function putRange({ from, count, perTx, keep, shape }) {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(`overhead-${JSON.stringify(shape)}`, 1);
    open.onupgradeneeded = () => {
      const meta = open.result.createObjectStore('meta', { keyPath: 'key' });
      if (shape.indexes) for (const name of ['lastAccess', 'expiresAt']) meta.createIndex(name, name);
      open.result.createObjectStore('bodies');
      open.result.createObjectStore('state');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const body = new Uint8Array(11_700);
  crypto.getRandomValues(body);
  const keyOf = (i) => (shape.shortKeys ? `k${i.toString(36).padStart(7, '0')}` : `http://localhost:5190/api/products?page=${i}&size=50`);
  for (let i = from; i < from + count; i += perTx) {
    const tx = db.transaction(['meta', 'bodies', 'state'], 'readwrite', { durability: 'relaxed' });
    for (let j = i; j < Math.min(from + count, i + perTx); j++) {
      const key = keyOf(j);
      const now = Date.now();
      if (keep && j >= keep) for (const store of ['meta', 'bodies']) tx.objectStore(store).delete(keyOf(j - keep));
      if (shape.meta) {
        const headers = [['cache-control', 'max-age=300'], ['content-type', 'application/json; charset=utf-8'], ['etag', `W/"c0ffee-${j}"`], ['vary', 'Accept-Encoding']];
        tx.objectStore('meta').put({ key, v: 1, kind: 'response', codec: 'deflate-dict', rawBytes: 49_400, storedBytes: body.length, createdAt: now, expiresAt: now + 300_000, lastAccess: now, checksum: 2_345_678_901, meta: { status: 200, statusText: 'OK', url: key, headers }, dictionary: { id: 'd1a2b3c4', checksum: 123_456_789 } });
      }
      if (shape.body) tx.objectStore('bodies').put(new Blob([body]), key);
      tx.objectStore('state').put({ entries: j, rawBytes: j * 49_400, storedBytes: j * body.length }, 'totals');
    }
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onabort = () => reject(tx.error))));
  }
  db.close();
}

async function withPage(run) {
  const browser = await freshBrowser();
  try {
    await browser.page.goto(`${server.origin}/bench/pages/bench.html`);
    return await run(browser);
  } finally {
    await browser.close();
  }
}

await buildBench();
const server = await startServer();
try {
  const full = { meta: true, indexes: true, body: true };
  console.log(`plain IndexedDB, ${PUTS} puts of a meta (2 indexes) + an 11.7 KB Blob, 4 to a transaction, the oldest deleted past ${KEEP}`);
  console.log('  puts   log MiB  tables MiB  blob files MiB   log+tables MiB');
  let peak = 0;
  let low = Infinity;
  await withPage(async ({ page, dir }) => {
    for (let from = 0; from < PUTS; from += STEP) {
      await page.evaluate(putRange, { from, count: STEP, perTx: 4, keep: KEEP, shape: full });
      const f = await indexedDbFiles(dir);
      const overhead = f.log + f.tables + f.other;
      if (from + STEP > KEEP) (peak = Math.max(peak, overhead)), (low = Math.min(low, overhead));
      console.log(`  ${String(from + STEP).padStart(4)}  ${fmt(f.log / MiB, 2).padStart(8)}  ${fmt(f.tables / MiB, 2).padStart(10)}  ${fmt(f.blobBytes / MiB, 2).padStart(14)}  ${fmt(overhead / MiB, 2).padStart(15)}`);
    }
  });
  console.log(`  with ${KEEP} entries kept, LevelDB's files took ${fmt(low / MiB, 2)}-${fmt(peak / MiB, 2)} MiB`);

  console.log('log bytes per put (400 puts, one to a transaction, nothing deleted):');
  const shapes = [
    ['totals record only', {}],
    ['+ Blob body', { body: true }],
    ['+ meta, no index', { body: true, meta: true }],
    ['+ meta, 2 indexes (as tiercache)', full],
    ['  the same with 8-char keys', { ...full, shortKeys: true }],
  ];
  for (const [label, shape] of shapes) {
    const bytes = await withPage(async ({ page, dir }) => {
      await page.evaluate(putRange, { from: 0, count: 400, perTx: 1, keep: 0, shape });
      return (await indexedDbFiles(dir)).log / 400;
    });
    console.log(`  ${label.padEnd(34)} ${String(Math.round(bytes)).padStart(6)} B`);
  }
} finally {
  await server.close();
}
