// Shared-dictionary compression in real IndexedDB: text bodies are deflated against the cache's
// dictionary once it has one; a record whose dictionary is lost or corrupt is a miss (deleted,
// counted), never a wrong value; records written without dictionaries stay readable; and after a
// long random run with dictionaries rotating, the totals equal a full scan and every dictionary a
// record names is stored.
import { afterAll, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, fullScan, rawTransaction, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));
function name(label: string): string {
  const n = uniqueName(label);
  names.push(n);
  return n;
}

/** A ~2 KB page of an API; `shape` changes every key and word, as another endpoint would. */
function apiPage(shape: number, seed: number): unknown {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'].map((w) => `${w}${shape}`);
  const items = Array.from({ length: 26 }, (_, i) => {
    const n = (seed * 7919 + i * 104729) >>> 0;
    return { [`id_${shape}`]: seed * 100 + i, [`title_${shape}`]: `${words[n % 8]} ${words[(n >> 3) % 8]}`, [`amount_${shape}`]: (n % 10000) / 100, [`flag_${shape}`]: n % 3 === 0 };
  });
  return { [`page_${shape}`]: seed, [`results_${shape}`]: items, [`next_${shape}`]: `/api/v${shape}/things?page=${seed + 1}` };
}

interface RawMeta {
  key: string;
  codec: string;
  dictionary?: { id: string; checksum: number };
}
const metas = (db: string) => rawTransaction(db, 'readonly', ({ meta }) => request(meta.getAll()) as Promise<RawMeta[]>);
const dictionaryKeys = (db: string) => rawTransaction(db, 'readonly', ({ state }) => request(state.getAllKeys(IDBKeyRange.bound('dict:', 'dict;', false, true))) as Promise<string[]>);

async function fill(db: string, count: number, shape = 1): Promise<void> {
  const tier = new DiskTier({ name: db });
  for (let i = 0; i < count; i++) expect(await tier.set(`k${i}`, encodeValue(apiPage(shape, i)))).toBe(true);
  tier.close();
  await new Promise((r) => setTimeout(r, 50));
}

test('text bodies go against one stored dictionary once 32 KiB was seen, at about half the bytes, and read back exactly', async () => {
  const db = name('dict-basic');
  await fill(db, 40);
  const stored = await metas(db);
  const withDictionary = stored.filter((m) => m.codec === 'deflate-dict');
  expect(withDictionary.length).toBeGreaterThan(20); // the first ~16 bodies train it
  expect(new Set(withDictionary.map((m) => m.dictionary!.id)).size).toBe(1);
  expect(await dictionaryKeys(db)).toEqual([`dict:${withDictionary[0]!.dictionary!.id}`]);
  const tier = new DiskTier({ name: db });
  for (let i = 0; i < 40; i++) expect(decodeValue((await tier.get(`k${i}`))!.value)).toEqual(apiPage(1, i));
  const infos = await tier.list({ limit: Infinity });
  const ratio = (codec: string) => {
    const of = infos.filter((r) => r.codec === codec);
    return of.reduce((s, r) => s + r.storedBytes, 0) / of.reduce((s, r) => s + r.rawBytes, 0);
  };
  expect(ratio('deflate-dict')).toBeLessThan(ratio('deflate') * 0.75);
  tier.close();
});

for (const damage of ['lost', 'corrupt'] as const) {
  test(`a ${damage} dictionary turns its records into misses: deleted, counted, never served; the others still hit`, async () => {
    const db = name(`dict-${damage}`);
    await fill(db, 40);
    const [key] = await dictionaryKeys(db);
    await rawTransaction(db, 'readwrite', async ({ state }) => {
      if (damage === 'lost') return void state.delete(key!);
      const stored = (await request(state.get(key!))) as ArrayBuffer;
      expect(stored).toBeInstanceOf(ArrayBuffer);
      new Uint8Array(stored)[100]! ^= 0x20; // one byte: a body would still inflate, to the wrong text
      state.put(stored, key!);
    });
    const before = await metas(db);
    const dependent = new Set(before.filter((m) => m.codec === 'deflate-dict').map((m) => m.key));
    const tier = new DiskTier({ name: db });
    for (let i = 0; i < 40; i++) {
      const hit = await tier.get(`k${i}`);
      if (dependent.has(`k${i}`)) expect(hit).toBeUndefined();
      else expect(decodeValue(hit!.value)).toEqual(apiPage(1, i));
    }
    await tier.trim(); // the drops are queued writes: let them land
    const stats = await tier.stats();
    expect(stats.corrupt).toBe(dependent.size);
    expect(stats.entries).toBe(40 - dependent.size);
    const scan = await fullScan(db);
    expect(scan.totals).toEqual({ entries: scan.entries, rawBytes: scan.rawBytes, storedBytes: scan.storedBytes });
    tier.close();
  });
}

test('records written without dictionaries (before them, or with compress.dictionary false) stay readable beside new ones', async () => {
  const db = name('dict-upgrade');
  const old = new DiskTier({ name: db, compress: { dictionary: false } });
  for (let i = 0; i < 30; i++) await old.set(`old${i}`, encodeValue(apiPage(2, i)));
  old.close();
  await new Promise((r) => setTimeout(r, 50));
  expect((await metas(db)).every((m) => m.codec === 'deflate' && m.dictionary === undefined)).toBe(true);
  const tier = new DiskTier({ name: db });
  for (let i = 0; i < 30; i++) await tier.set(`new${i}`, encodeValue(apiPage(2, i)));
  for (let i = 0; i < 30; i++) {
    expect(decodeValue((await tier.get(`old${i}`))!.value)).toEqual(apiPage(2, i));
    expect(decodeValue((await tier.get(`new${i}`))!.value)).toEqual(apiPage(2, i));
  }
  expect((await metas(db)).some((m) => m.codec === 'deflate-dict')).toBe(true);
  expect((await tier.stats()).corrupt).toBe(0);
  tier.close();
});

test('a long random run with dictionaries rotating: totals equal a full scan, every named dictionary is stored, unused ones go', async () => {
  const db = name('dict-random');
  let clock = 1_700_000_000_000;
  const tier = new DiskTier({ name: db, maxBytes: 20_000, now: () => clock });
  let seed = 12345;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const seen = new Set<string>();
  const live = new Map<string, unknown>();
  for (let phase = 0; phase < 5; phase++) {
    const shape = 10 + phase; // a new shape each phase: the ratio drifts, a new dictionary is trained
    for (let op = 0; op < 300; op++) {
      clock += 3000; // 15 minutes a phase: older dictionaries are past COLLECT_GRACE_MS
      const key = `k${random(150)}`;
      if (random(10) === 0) {
        await tier.delete(key);
        live.delete(key);
      } else {
        const value = apiPage(shape, random(100_000));
        if (await tier.set(key, encodeValue(value))) live.set(key, value);
      }
    }
    for (const m of await metas(db)) if (m.dictionary) seen.add(m.dictionary.id);
  }
  await tier.trim();
  const stats = await tier.stats();
  const scan = await fullScan(db);
  expect(scan.totals).toEqual({ entries: scan.entries, rawBytes: scan.rawBytes, storedBytes: scan.storedBytes });
  expect([stats.entries, stats.rawBytes, stats.storedBytes]).toEqual([scan.entries, scan.rawBytes, scan.storedBytes]);
  expect(scan.bodies).toBe(scan.entries);
  expect(seen.size).toBeGreaterThanOrEqual(3); // dictionaries rotated
  const stored = new Set((await dictionaryKeys(db)).map((k) => k.slice('dict:'.length)));
  const named = new Set((await metas(db)).flatMap((m) => (m.dictionary ? [m.dictionary.id] : [])));
  for (const id of named) expect(stored.has(id)).toBe(true);
  expect(stats.evictions).toBeGreaterThan(50); // eviction took records of every dictionary along the way
  expect(stored.size).toBeLessThan(seen.size); // collected: not every dictionary ever trained is still kept
  tier.close();
  // Every surviving record reads back exactly from a fresh tier (its dictionaries loaded from the store).
  const reader = new DiskTier({ name: db, now: () => clock });
  for (const m of await metas(db)) {
    const hit = await reader.get(m.key);
    expect(hit && decodeValue(hit.value)).toEqual(live.get(m.key));
  }
  expect((await reader.stats()).corrupt).toBe(0);
  reader.close();
}, 120_000);
