// The in-page half of `npm run bench:disk`: each function measures one thing once, for one
// implementation; bench/disk.bench.mjs alternates implementations over rounds and takes medians.
import { createStore, get as kvGet, setMany as kvSetMany } from 'idb-keyval';
import { deflateSync } from 'fflate';
import { DiskTier, databaseName, decodeValue, encodeValue } from '../src/disk/index.ts';
import { deflateNatively, encodeBody } from '../src/codec/index.ts';
import { makeMeta } from '../src/disk/record.ts';
import { commit, openStore, type WriteOp } from '../src/disk/store/index.ts';

/**
 * 'tiercache' as configured by default (shared dictionary on); 'tiercache-plain': compress.dictionary
 * false; 'tiercache-encrypted': disk.encrypt true (which turns the dictionary off: compare it with plain).
 */
export type Impl = 'tiercache' | 'tiercache-plain' | 'tiercache-L1' | 'tiercache-encrypted' | 'idb-keyval' | 'idb-keyval-bytes';
/** `disk.encrypt: true` for the encrypted rows (the key is made on the first write, inside the timing). */
const encrypt = (impl: Impl) => impl === 'tiercache-encrypted' || undefined;

/** Deterministic REST-like JSON of about `bytes` bytes (the same corpus for every implementation). */
function jsonValue(seed: number, bytes: number): unknown {
  const items: unknown[] = [];
  let size = 20;
  let i = 0;
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  while (size < bytes) {
    const n = seed * 7919 + i * 104729;
    const item = {
      id: seed * 100_000 + i,
      sku: `SKU-${(n % 1_000_000).toString(36).toUpperCase()}`,
      name: `${words[n % 10]} ${words[(n >> 3) % 10]} ${i}`,
      price: (n % 100_000) / 100,
      stock: n % 997,
      tags: words.slice(n % 7, (n % 7) + 1 + (i % 3)),
      active: (i + seed) % 3 !== 0,
      rating: ((n % 50) / 10).toFixed(1),
      updatedAt: new Date(1_700_000_000_000 + n * 1000).toISOString(),
      description: `The ${words[(n >> 5) % 10]} model, ${words[(n >> 7) % 10]} edition: ${(n % 400) + 10} units per pack.`,
    };
    size += JSON.stringify(item).length + 1;
    items.push(item);
    i++;
  }
  return { page: seed, total: 10_000, items };
}

const corpora = new Map<string, unknown[]>();
function corpus(count: number, bytes: number): unknown[] {
  const id = `${count}x${bytes}`;
  let values = corpora.get(id);
  if (!values) {
    values = Array.from({ length: count }, (_, i) => jsonValue(i + 1, bytes));
    corpora.set(id, values);
  }
  return values;
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

let run = 0;
const nextName = (label: string) => `bench-${label}-${Date.now().toString(36)}-${run++}`;

/**
 * The longest the main thread went without running a 1 ms heartbeat timer, from start() to
 * stop(); stop(true) reads it and keeps the heartbeat going.
 */
function heartbeat() {
  let running = true;
  let last = performance.now();
  let maxGapMs = 0;
  const beat = () => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    if (running) setTimeout(beat, 1);
  };
  setTimeout(beat, 1);
  return (keepGoing = false) => {
    running = keepGoing;
    return Math.max(maxGapMs, performance.now() - last);
  };
}

/** Writes `count` JSON values of ~`bytes` into a fresh database in one go; returns ms and sizes. */
async function put(impl: Impl, count: number, bytes: number, level?: number) {
  const values = corpus(count, bytes);
  // DiskTier takes encoded values (the page encodes before anything crosses to the worker), so
  // encoding is outside the timing for tiercache and idb-keyval-bytes alike; idb-keyval stores
  // the objects themselves (structured clone) as an app would.
  const encoded = values.map((v) => encodeValue(v));
  const rawBytes = encoded.reduce<number>((s, e) => s + e.bytes.byteLength, 0);
  const name = nextName(impl);
  if (impl.startsWith('tiercache')) {
    const compress = impl === 'tiercache-L1' ? { level: 1 as const } : impl === 'tiercache-plain' ? { dictionary: false } : level === undefined ? undefined : { level: level as 6 };
    const tier = new DiskTier({ name, maxBytes: 1 << 30, compress, encrypt: encrypt(impl) });
    await tier.stats(); // open outside the timing
    const stop = heartbeat();
    const t0 = performance.now();
    // Every value is deflated before its transaction: a set resolves once its value is stored in
    // its final form, so this time is until everything is stored as it will stay.
    const ok = await Promise.all(encoded.map((e, i) => tier.set(`k${i}`, e)));
    const ms = performance.now() - t0;
    const maxGapMs = stop();
    if (!ok.every(Boolean)) throw new Error('tiercache refused a write');
    const stats = await tier.stats();
    tier.close();
    await new Promise((r) => setTimeout(r, 20));
    await deleteDb(databaseName(name));
    return { ms, rawBytes, storedBytes: stats.storedBytes, maxGapMs };
  }
  const store = createStore(name, 'kv');
  await kvGet('warm', store);
  const entries: [string, unknown][] =
    impl === 'idb-keyval' ? values.map((v, i) => [`k${i}`, v]) : encoded.map((e, i) => [`k${i}`, e.bytes]);
  const stop = heartbeat();
  const t0 = performance.now();
  await kvSetMany(entries, store);
  const ms = performance.now() - t0;
  const maxGapMs = stop();
  await deleteDb(name);
  return { ms, rawBytes, storedBytes: rawBytes, maxGapMs };
}

/**
 * The floor under any put that compresses before its transaction: the same values deflated and
 * nothing stored, with the codec's own functions: 'fflate' (other levels, and engines without a
 * native stream) and 'native', the browser's zlib that DiskTier uses at level 6 (one value after
 * another, as DiskTier does).
 */
async function deflateOnly(count: number, bytes: number, codec: 'fflate' | 'native') {
  const encoded = corpus(count, bytes).map((v) => encodeValue(v).bytes);
  let stored = 0;
  const t0 = performance.now();
  for (const raw of encoded) {
    const deflated = codec === 'fflate' ? deflateSync(raw, { level: 6 }) : await deflateNatively(raw);
    if (!deflated) throw new Error('the native deflate failed');
    stored += deflated.byteLength;
  }
  const ms = performance.now() - t0;
  return { ms, storedBytes: stored };
}

/**
 * What each part of a DiskTier write costs (`npm run bench:diskparts`): the same JSON values
 * (uncompressed) into a fresh database, one part added at a time.
 *   idb-keyval          setMany of the parsed objects (structured clone), as in `put`
 *   one-put             one record per entry, { record, body } under the key, one transaction
 *   entry               one flat record (metadata fields and body side by side), no index
 *   entry-keypath       the same in a store with keyPath 'key' (the key read out of each value)
 *   entry-indexed       one flat record, out-of-line keys, two compound indexes: a one-record layout
 *                       (measured under quota it kept a fifth less offline: see model.ts)
 *   entry-handlers      the same with an error handler set on each request
 *   entry-prebuilt      the same with the batch's records all built before the first put
 *   entry-4tx           entry-indexed in four transactions of a quarter each, one after another
 *   two-records         the layout in use: a meta record in an indexed store and the body record
 *   commit-direct       DiskTier's store alone: its commit() in four transactions, no queue, no deflate
 *   tiercache-raw       DiskTier with compression off
 *   tiercache           DiskTier as configured by default: deflated before each transaction
 */
export type WritePart =
  | 'idb-keyval'
  | 'one-put'
  | 'entry'
  | 'entry-keypath'
  | 'entry-indexed'
  | 'entry-handlers'
  | 'entry-prebuilt'
  | 'entry-4tx'
  | 'two-records'
  | 'tiercache-raw'
  | 'tiercache'
  | 'commit-direct';
async function writeParts(part: WritePart, count: number, bytes: number) {
  const values = corpus(count, bytes);
  const encoded = values.map((v) => encodeValue(v));
  const name = nextName(`parts-${part}`);
  if (part === 'idb-keyval') {
    const store = createStore(name, 'kv');
    await kvGet('warm', store);
    const t0 = performance.now();
    await kvSetMany(values.map((v, i) => [`k${i}`, v]), store);
    const ms = performance.now() - t0;
    await deleteDb(name);
    return { ms };
  }
  if (part === 'commit-direct') {
    const db = await openStore(name, { onClose() {}, onVersionChange() {} });
    const t0 = performance.now();
    for (let q = 0; q < 4; q++) {
      const ops: WriteOp[] = [];
      for (let i = Math.floor((q * count) / 4); i < Math.floor(((q + 1) * count) / 4); i++) {
        const e = encoded[i]!;
        const key = `k${i}`;
        const enc = encodeBody(e.bytes, false);
        ops.push({ type: 'put', key, record: { ...makeMeta(key, e, enc, Date.now(), undefined), body: enc.body } });
      }
      await commit(db, ops);
    }
    const ms = performance.now() - t0;
    db.close();
    await deleteDb(databaseName(name));
    return { ms };
  }
  if (part === 'tiercache-raw' || part === 'tiercache') {
    const tier = new DiskTier({ name, maxBytes: 1 << 30, compress: part === 'tiercache-raw' ? false : undefined });
    await tier.stats();
    const t0 = performance.now();
    const ok = await Promise.all(encoded.map((e, i) => tier.set(`k${i}`, e)));
    const ms = performance.now() - t0;
    if (!ok.every(Boolean)) throw new Error('tiercache refused a write');
    tier.close();
    await new Promise((r) => setTimeout(r, 20));
    await deleteDb(databaseName(name));
    return { ms };
  }
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const created = open.result;
      created.createObjectStore('state');
      created.createObjectStore('plain');
      created.createObjectStore('keypath', { keyPath: 'key' });
      const indexed = created.createObjectStore('indexed');
      indexed.createIndex('lastAccess', ['lastAccess', 'storedBytes', 'rawBytes']);
      indexed.createIndex('expiresAt', ['expiresAt', 'storedBytes', 'rawBytes']);
      created.createObjectStore('meta', { keyPath: 'key' }).createIndex('lastAccess', 'lastAccess');
      created.createObjectStore('bodies');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const entry = (i: number) => {
    const e = encoded[i]!;
    const body = e.bytes.slice().buffer;
    return { key: `k${i}`, v: 1, kind: e.kind, codec: 'raw', rawBytes: body.byteLength, storedBytes: body.byteLength, createdAt: i, lastAccess: i, checksum: 0, body };
  };
  const write = (from: number, to: number) => {
    const tx = db.transaction(['state', 'plain', 'keypath', 'indexed', 'meta', 'bodies'], 'readwrite', { durability: 'relaxed' });
    const prebuilt = part === 'entry-prebuilt' ? Array.from({ length: to - from }, (_, j) => entry(from + j)) : [];
    for (let i = from; i < to; i++) {
      const key = `k${i}`;
      if (part === 'one-put') {
        const { body, ...record } = entry(i);
        tx.objectStore('plain').put({ record, body }, key);
      } else if (part === 'entry') tx.objectStore('plain').put(entry(i), key);
      else if (part === 'entry-keypath') tx.objectStore('keypath').put(entry(i));
      else if (part === 'entry-prebuilt') tx.objectStore('indexed').put(prebuilt[i - from], key);
      else if (part === 'entry-handlers') tx.objectStore('indexed').put(entry(i), key).onerror = () => undefined;
      else if (part === 'two-records') {
        const { body, ...record } = entry(i);
        tx.objectStore('meta').put(record);
        tx.objectStore('bodies').put({ record, body }, key);
      } else tx.objectStore('indexed').put(entry(i), key); // entry-indexed, entry-4tx
    }
    tx.objectStore('state').put({ entries: count }, 'totals');
    return new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
  };
  const t0 = performance.now();
  if (part === 'entry-4tx') for (let q = 0; q < 4; q++) await write(Math.floor((q * count) / 4), Math.floor(((q + 1) * count) / 4));
  else await write(0, count);
  const ms = performance.now() - t0;
  db.close();
  await deleteDb(name);
  return { ms };
}

/** Stores the corpus, then times `samples` single gets from a fresh connection (decoded values). */
async function getLatency(impl: Impl, count: number, bytes: number, samples: number) {
  const values = corpus(count, bytes);
  const name = nextName(`get-${impl}`);
  const order = Array.from({ length: samples }, (_, i) => (i * 7919) % count);
  const times: number[] = [];
  if (impl.startsWith('tiercache')) {
    const compress = impl === 'tiercache-plain' ? { dictionary: false } : undefined;
    const writer = new DiskTier({ name, maxBytes: 1 << 30, compress, encrypt: encrypt(impl) });
    await Promise.all(values.map((v, i) => writer.set(`k${i}`, encodeValue(v))));
    // Every record is stored deflated (against the dictionary, but the first ones that trained
    // it, for 'tiercache'; sealed for 'tiercache-encrypted'): the gets below include decompression (and opening).
    writer.close();
    const tier = new DiskTier({ name, maxBytes: 1 << 30, compress, encrypt: encrypt(impl) });
    await tier.stats();
    for (const i of order) {
      const t0 = performance.now();
      const hit = await tier.get(`k${i}`);
      const value = decodeValue(hit!.value) as { page: number };
      times.push(performance.now() - t0);
      if (value.page !== i + 1) throw new Error('wrong value');
    }
    tier.close();
    await new Promise((r) => setTimeout(r, 20));
    await deleteDb(databaseName(name));
  } else {
    const store = createStore(name, 'kv');
    const bytesMode = impl === 'idb-keyval-bytes';
    await kvSetMany(values.map((v, i) => [`k${i}`, bytesMode ? encodeValue(v).bytes : v]), store);
    for (const i of order) {
      const t0 = performance.now();
      const got = await kvGet(`k${i}`, store);
      const value = (bytesMode ? decodeValue({ kind: 'json', bytes: got as Uint8Array }) : got) as { page: number };
      times.push(performance.now() - t0);
      if (value.page !== i + 1) throw new Error('wrong value');
    }
    await deleteDb(name);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: q(0.5), p95: q(0.95) };
}

/**
 * Stored ÷ raw bytes of `count` JSON values of ~`bytes` each, stored one after another as an app
 * would, with the shared dictionary on or off: over every record (the first ones, stored before
 * the dictionary was trained, included; the dictionary's own 32 KiB, stored once per cache, not),
 * and over the records stored against the dictionary only (the steady state).
 */
async function storedRatio(count: number, bytes: number, dictionary: boolean) {
  const name = nextName('ratio');
  const tier = new DiskTier({ name, maxBytes: 1 << 30, compress: { dictionary } });
  for (let i = 0; i < count; i++) await tier.set(`k${i}`, encodeValue(jsonValue(i + 1, bytes)));
  const records = await tier.list({ limit: Infinity });
  tier.close();
  await new Promise((r) => setTimeout(r, 20));
  await deleteDb(databaseName(name));
  const ratio = (of: typeof records) => of.reduce((s, r) => s + r.storedBytes, 0) / of.reduce((s, r) => s + r.rawBytes, 0);
  const steady = records.filter((r) => r.codec === (dictionary ? 'deflate-dict' : 'deflate'));
  return { all: ratio(records), steady: ratio(steady), rawBytes: records.reduce((s, r) => s + r.rawBytes, 0) / records.length };
}

/** Stores `count` small records, then times one trim() that must evict all of them (budget reason). */
async function evict(count: number) {
  const name = nextName('evict');
  const writer = new DiskTier({ name, maxBytes: 1 << 30 });
  const value = encodeValue({ id: 1, name: 'x'.repeat(200) });
  await writer.batch(() => Promise.all(Array.from({ length: count }, (_, i) => writer.set(`k${i}`, value))));
  writer.close();
  await new Promise((r) => setTimeout(r, 20));
  const tier = new DiskTier({ name, maxBytes: 1 });
  let evicted = 0;
  tier.addEventListener('evict', () => evicted++);
  const t0 = performance.now();
  const result = await tier.trim();
  const ms = performance.now() - t0;
  const stats = await tier.stats();
  tier.close();
  await new Promise((r) => setTimeout(r, 20));
  await deleteDb(databaseName(name));
  if (evicted !== count || stats.entries !== 0) throw new Error(`evicted ${evicted}/${count} (trim said ${result.evicted}), ${stats.entries} left`);
  return { ms };
}

const openName = nextName('open');
let openFilled = 0;
/** Grows one database to `count` records (small values), then times `repeats` cold opens (open + totals). */
async function openTime(count: number, repeats: number) {
  const tier = new DiskTier({ name: openName, maxBytes: 1 << 30 });
  const value = encodeValue({ id: 1, name: 'y'.repeat(80) });
  while (openFilled < count) {
    const n = Math.min(5000, count - openFilled);
    const start = openFilled;
    await Promise.all(Array.from({ length: n }, (_, i) => tier.set(`k${start + i}`, value)));
    openFilled += n;
  }
  if ((await tier.stats()).entries !== count) throw new Error('fill failed');
  tier.close();
  await new Promise((r) => setTimeout(r, 50));
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const probe = new DiskTier({ name: openName, maxBytes: 1 << 30 });
    const stats = await probe.stats();
    times.push(performance.now() - t0);
    if (stats.entries !== count) throw new Error('wrong count');
    probe.close();
    await new Promise((r) => setTimeout(r, 20));
  }
  return { times };
}

const kvOpenName = nextName('open-kv');
let kvFilled = 0;
/** The peer: an idb-keyval database with the same number of records, opened and read once. */
async function kvOpenTime(count: number, repeats: number) {
  const value = { id: 1, name: 'y'.repeat(80) };
  const store = createStore(kvOpenName, 'kv');
  while (kvFilled < count) {
    const n = Math.min(5000, count - kvFilled);
    const start = kvFilled;
    await kvSetMany(Array.from({ length: n }, (_, i) => [`k${start + i}`, value]), store);
    kvFilled += n;
  }
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const fresh = createStore(kvOpenName, 'kv'); // a new connection each time
    await kvGet('k0', fresh);
    times.push(performance.now() - t0);
    await fresh('readonly', (s) => {
      s.transaction.db.close();
      return Promise.resolve();
    });
  }
  return { times };
}

async function cleanup() {
  await deleteDb(databaseName(openName));
  await deleteDb(kvOpenName);
}

Object.assign(globalThis, { diskBench: { put, deflateOnly, writeParts, getLatency, storedRatio, evict, openTime, kvOpenTime, cleanup } });
// Timers at 5 µs instead of 100 µs need cross-origin isolation (the bench server sends COOP/COEP).
if (!crossOriginIsolated) console.warn('not cross-origin isolated: performance.now() is coarse (100 µs)');
document.title = 'ready';
