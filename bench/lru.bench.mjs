// bench:lru — MemoryLru beside lru-cache 11, mnemonist (LRUCache, LRUMap) and quick-lru, in one
// node process, on the same workload: URL-like string keys, capacity N = 10,000.
//
//   get-hit    get of resident keys, uniformly random
//   get-miss   get of keys never inserted
//   set-evict  2N distinct keys cycled into capacity N: every set inserts and evicts one
//   mixed      90 % get / 10 % set over 1.25 N keys (uniform)
//   +bytes     the same with byte accounting (size from a function; only MemoryLru and lru-cache have it)
//
// Implementations alternate within each round (rotated order), over ROUNDS rounds after a warm-up
// round, each on its own long-lived cache; every figure is the median. Time is process CPU time (user + system), so ops/s means
// operations per CPU-second. Each implementation × operation runs its own copy of the
// loop (new Function), so one cache's call-site feedback never slows another's.
// Bytes per entry: heap + ArrayBuffer bytes of a filled cache at N = 100,000 over the same
// baseline with keys and values already allocated, i.e. the structure alone (needs --expose-gc);
// each sample in a fresh child process, implementations alternated, median of HEAP_ROUNDS.
// Caveat: mnemonist's LRUCache keeps keys as object properties, so V8 internalizes them; whether
// that copies the key strings (counted) or converts them in place (not counted) depends on heap
// state, and its figure has read anywhere from 32 to 87 bytes per entry in separate runs.
//
// Run: npm run bench:lru (builds dist/lib first). Writes bench/results/lru.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { LRUCache } from 'lru-cache';
import * as mnemonist from 'mnemonist';
import QuickLRU from 'quick-lru';
import { MemoryLru } from '../dist/lib/lru/index.js';

const N = 10_000;
const OPS = 1 << 19;
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const HEAP_N = 100_000;
const HEAP_ROUNDS = Number(process.env.HEAP_ROUNDS ?? 5);
const SIZE = 50;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (npm run bench:lru does)');
  process.exit(1);
}

const IMPLS = {
  tiercache: (n) => new MemoryLru({ maxEntries: n }),
  'lru-cache': (n) => new LRUCache({ max: n }),
  mnemonist: (n) => new mnemonist.LRUCache(n),
  'mnemonist-map': (n) => new mnemonist.LRUMap(n),
  'quick-lru': (n) => new QuickLRU({ maxSize: n }),
};
// Byte accounting: a pure byte budget of n × SIZE, every value SIZE bytes, sized by a function.
const sizeOf = (value) => value.size;
const BYTE_IMPLS = {
  tiercache: (n) => new MemoryLru({ maxBytes: n * SIZE, sizeOf }),
  'lru-cache': (n) => new LRUCache({ maxSize: n * SIZE, sizeCalculation: sizeOf }),
};
// Extra memory variants (bytes per entry only).
const HEAP_VARIANTS = {
  'tiercache+bytes': BYTE_IMPLS.tiercache,
  'lru-cache+bytes': BYTE_IMPLS['lru-cache'],
  'tiercache+ttl': (n) => new MemoryLru({ maxEntries: n, ttlMs: 3_600_000 }),
  'lru-cache+ttl': (n) => new LRUCache({ max: n, ttl: 3_600_000 }),
  'tiercache+entryInfo': (n) => new MemoryLru({ maxEntries: n, entryInfo: true }),
};

const urlKey = (i) => `https://example.com/api/items/${i}?page=${i % 97}&sort=name`;
const makeKeys = (from, count) => Array.from({ length: count }, (_, i) => urlKey(from + i));
const makeValues = (count) => Array.from({ length: count }, (_, i) => ({ id: i, size: SIZE }));

// A fixed seed: every implementation sees the same sequence.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const randomIndices = (count, below) => Uint32Array.from({ length: count }, () => Math.floor(random() * below));

const keys = makeKeys(0, 2 * N);
const missKeys = makeKeys(10 * N, N);
const values = makeValues(2 * N);
const hitIdx = randomIndices(OPS, N);
const missIdx = randomIndices(OPS, N);
const cycleIdx = Uint32Array.from({ length: OPS }, (_, i) => (N + i) % (2 * N));
const mixIdx = randomIndices(OPS, Math.round(1.25 * N));
const mixKind = Uint8Array.from({ length: OPS }, () => (random() < 0.9 ? 0 : 1));

const BODIES = {
  'get-hit': `let found = 0;
    for (let i = 0; i < n; i++) if (c.get(keys[idx[i]]) !== undefined) found++;
    return found;`,
  'get-miss': `let found = 0;
    for (let i = 0; i < n; i++) if (c.get(keys[idx[i]]) !== undefined) found++;
    return found;`,
  'set-evict': `for (let i = 0; i < n; i++) { const j = idx[i]; c.set(keys[j], values[j]); }
    return n;`,
  mixed: `let found = 0;
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      if (kind[i] === 0) { if (c.get(keys[j]) !== undefined) found++; } else c.set(keys[j], values[j]);
    }
    return found;`,
};
const INPUTS = {
  'get-hit': { keys, idx: hitIdx },
  'get-miss': { keys: missKeys, idx: missIdx },
  'set-evict': { keys, idx: cycleIdx },
  mixed: { keys, idx: mixIdx },
};
const OPS_NAMES = Object.keys(BODIES);

/** One loop per (variant, implementation, operation): a fresh function has its own type feedback. */
const loops = new Map();
/**
 * One long-lived cache per (variant, implementation, operation), filled with keys[0..N) once,
 * as a page's cache lives. Creating a cache per sample and dropping it made V8 throw away the
 * optimized code that had embedded the dead instance's maps ("weak objects"), and after a few
 * rounds lru-cache and MemoryLru ran 3-4x slower than in any real use.
 */
const caches = new Map();

/** Times OPS operations on the cache for (variant, impl, op). Returns ops per CPU-second. */
function measure(variant, impl, create, op) {
  const id = `${variant}|${impl}|${op}`;
  let c = caches.get(id);
  if (c === undefined) {
    c = create(N);
    for (let i = 0; i < N; i++) c.set(keys[i], values[i]);
    caches.set(id, c);
    loops.set(id, new Function('c', 'keys', 'values', 'idx', 'kind', 'n', BODIES[op]));
  }
  const { keys: k, idx } = INPUTS[op];
  const loop = loops.get(id);
  const start = process.cpuUsage();
  const result = loop(c, k, values, idx, mixKind, OPS);
  const cpu = process.cpuUsage(start);
  const ns = (cpu.user + cpu.system) * 1000;
  // The workload must have done what it says, or the figure means nothing.
  if (op === 'get-hit' && result !== OPS) throw new Error(`${impl} get-hit found ${result} of ${OPS}`);
  if (op === 'get-miss' && result !== 0) throw new Error(`${impl} get-miss found ${result}`);
  return (OPS / ns) * 1e9;
}
// Timing is process CPU time, not wall time: the machine is shared (other test runs push the
// load average far above the core count), and descheduled time would swamp the differences.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rotate = (xs, by) => xs.map((_, i) => xs[(i + by) % xs.length]);

function runOps(impls, label) {
  const names = Object.keys(impls);
  const samples = Object.fromEntries(OPS_NAMES.map((op) => [op, Object.fromEntries(names.map((n) => [n, []]))]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const op of OPS_NAMES) {
      // Rotate, and reverse on odd rounds, so no implementation always runs first or last.
      let order = rotate(names, round);
      if (round % 2) order = order.reverse();
      for (const name of order) {
        globalThis.gc();
        const opsPerSec = measure(label, name, impls[name], op);
        if (round > 0) samples[op][name].push(opsPerSec); // round 0 warms up
      }
    }
    process.stderr.write(`${label} round ${round}/${ROUNDS}\n`);
  }
  return samples;
}

function heapBytes() {
  globalThis.gc();
  globalThis.gc();
  return getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;
}

/** Structure bytes per entry of one implementation, measured in this (fresh) process. */
function heapSample(name) {
  const create = { ...IMPLS, ...HEAP_VARIANTS }[name];
  const heapKeys = makeKeys(0, HEAP_N);
  const heapValues = makeValues(HEAP_N);
  const before = heapBytes();
  const c = create(HEAP_N);
  for (let i = 0; i < HEAP_N; i++) c.set(heapKeys[i], heapValues[i]);
  const after = heapBytes();
  if (c.size !== HEAP_N) throw new Error(`${name} holds ${c.size} of ${HEAP_N}`);
  // Keys, values and the cache stay alive until after the measurement.
  if (heapKeys.length + heapValues.length !== 2 * HEAP_N) throw new Error('unreachable');
  return (after - before) / HEAP_N;
}

/**
 * Each sample runs in a fresh child process: within one process, a freed cache can outlive two
 * full collections and be reclaimed during the next implementation's measurement, which then
 * reads tens of bytes per entry low (seen with lru-cache followed by mnemonist's LRUCache).
 */
function runHeap(impls) {
  const names = Object.keys(impls);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < HEAP_ROUNDS; round++) {
    for (const name of rotate(names, round)) {
      const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--heap-sample', name], {
        encoding: 'utf8',
      });
      samples[name].push(Number(out.trim()));
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

const round1 = (x) => Math.round(x * 10) / 10;
const pairedRatio = (samples, a, b) => median(samples[a].map((x, i) => x / samples[b][i]));

if (process.argv[2] === '--heap-sample') {
  console.log(heapSample(process.argv[3]));
  process.exit(0);
}

const opsSamples = runOps(IMPLS, 'ops');
const byteSamples = runOps(BYTE_IMPLS, 'ops+bytes');
const bytesPerEntry = runHeap(IMPLS);
const bytesPerEntryVariants = runHeap(HEAP_VARIANTS);

const ops = {};
const opsWithBytes = {};
const ratios = {};
for (const op of OPS_NAMES) {
  ops[op] = Object.fromEntries(Object.entries(opsSamples[op]).map(([n, xs]) => [n, Math.round(median(xs))]));
  opsWithBytes[op] = Object.fromEntries(Object.entries(byteSamples[op]).map(([n, xs]) => [n, Math.round(median(xs))]));
  ratios[op] = {
    'tiercache/lru-cache': round1(pairedRatio(opsSamples[op], 'tiercache', 'lru-cache') * 100) / 100,
    'tiercache/lru-cache (bytes)': round1(pairedRatio(byteSamples[op], 'tiercache', 'lru-cache') * 100) / 100,
  };
}

const result = {
  ops,
  bytesPerEntry: Object.fromEntries(Object.entries(bytesPerEntry).map(([n, b]) => [n, round1(b)])),
  opsWithBytes,
  bytesPerEntryVariants: Object.fromEntries(Object.entries(bytesPerEntryVariants).map(([n, b]) => [n, round1(b)])),
  ratios,
  workload: {
    capacity: N,
    opsPerSample: OPS,
    rounds: ROUNDS,
    heapEntries: HEAP_N,
    heapRounds: HEAP_ROUNDS,
    keyExample: urlKey(12345),
    notes: 'ops = operations per CPU-second (process.cpuUsage), median over rounds; ratios = median of per-round paired ratios; bytesPerEntry = structure only (keys and values allocated beforehand); quick-lru may hold up to 2x maxSize entries',
  },
  machine: { cores: cpus().length, memory: totalmem(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown' },
  date: new Date().toISOString(),
};

const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);
const names = Object.keys(IMPLS);
const table = [['op (ops/s, median)', ...names]];
for (const op of OPS_NAMES) table.push([op, ...names.map((n) => fmt(ops[op][n]))]);
for (const op of OPS_NAMES) table.push([`${op} +bytes`, ...names.map((n) => (n in opsWithBytes[op] ? fmt(opsWithBytes[op][n]) : '—'))]);
table.push(['bytes/entry @100k', ...names.map((n) => String(result.bytesPerEntry[n]))]);
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(table.map((row) => row.map((cell, i) => cell.padStart(widths[i])).join('  ')).join('\n'));
console.log('\nbytes/entry variants @100k:', result.bytesPerEntryVariants);
console.log('\ntiercache / lru-cache (median of paired per-round ratios):');
for (const op of OPS_NAMES) {
  console.log(`  ${op.padEnd(10)} ${ratios[op]['tiercache/lru-cache'].toFixed(2)}x   with bytes ${ratios[op]['tiercache/lru-cache (bytes)'].toFixed(2)}x`);
}
console.log(`  bytes/entry ${result.bytesPerEntry.tiercache} vs ${result.bytesPerEntry['lru-cache']} (${(result.bytesPerEntry.tiercache / result.bytesPerEntry['lru-cache']).toFixed(2)}x)`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/lru.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
console.log('\nwrote bench/results/lru.json');
