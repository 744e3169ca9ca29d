// Randomized model test: MemoryLru against a small reference model built on a Map's insertion
// order, step by step, over 120k random operations in 12 configurations (count bound, byte
// bound, both, TTL, weak second chance). After every step the return value, the onEvict calls,
// size, bytes, keys() order and the counters must match, and the bounds must hold.
import { describe, expect, test } from 'vitest';
import { MemoryLru, estimateSize, type LruEvictReason, type MemoryLruBounds } from '../../src/lru/index.ts';

type Config = MemoryLruBounds & {
  maxEntryBytes?: number;
  ttlMs?: number;
  weak?: boolean;
};

interface ModelEntry {
  value: unknown;
  size: number;
  expiresAt: number;
}

/** The reference: recency = Map insertion order (oldest first), everything spelled out plainly. */
class Model {
  readonly order = new Map<string, ModelEntry>();
  readonly weak = new Map<string, ModelEntry>();
  events: [string, LruEvictReason][] = [];
  now = 0;
  bytes = 0;
  hits = 0;
  misses = 0;
  weakHits = 0;
  refused = 0;
  evictions = 0;
  readonly byReason: Record<LruEvictReason, number> = { lru: 0, budget: 0, ttl: 0, manual: 0 };
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly entryLimit: number;
  readonly accounting: boolean;

  constructor(readonly config: Config) {
    this.maxEntries = config.maxEntries ?? Infinity;
    this.maxBytes = config.maxBytes ?? Infinity;
    this.entryLimit = Math.min(config.maxEntryBytes ?? Infinity, this.maxBytes);
    this.accounting = config.maxBytes !== undefined || config.maxEntryBytes !== undefined;
  }

  expired(e: ModelEntry): boolean {
    return e.expiresAt !== Infinity && e.expiresAt <= this.now;
  }

  remove(key: string, reason: LruEvictReason): void {
    const e = this.order.get(key)!;
    this.order.delete(key);
    this.bytes -= e.size;
    if (reason !== 'manual') this.evictions++;
    this.byReason[reason]++;
    if (this.config.weak && (reason === 'lru' || reason === 'budget') && typeof e.value === 'object' && e.value !== null) {
      this.weak.set(key, e);
    }
    this.events.push([key, reason]);
  }

  evictOldest(reason: 'lru' | 'budget'): void {
    const [key, e] = this.order.entries().next().value!;
    this.remove(key, this.expired(e) ? 'ttl' : reason);
  }

  insert(key: string, e: ModelEntry): void {
    if (this.order.size >= this.maxEntries) this.evictOldest('lru');
    while (this.order.size > 0 && this.bytes + e.size > this.maxBytes) this.evictOldest('budget');
    this.order.set(key, e);
    this.bytes += e.size;
  }

  set(key: string, value: unknown, size: number, ttlMs: number | undefined): boolean {
    if (!this.accounting) size = 0;
    if (size > this.entryLimit) {
      this.refused++;
      // The superseded value leaves for good: never kept weakly.
      if (this.order.has(key)) this.remove(key, 'budget');
      this.weak.delete(key);
      return false;
    }
    const ttl = ttlMs ?? this.config.ttlMs ?? Infinity;
    const e: ModelEntry = { value, size, expiresAt: ttl === Infinity ? Infinity : this.now + ttl };
    const old = this.order.get(key);
    if (old !== undefined) {
      this.order.delete(key);
      this.order.set(key, e);
      this.bytes += size - old.size;
      while (this.bytes > this.maxBytes) this.evictOldest('budget');
    } else {
      this.weak.delete(key);
      this.insert(key, e);
    }
    return true;
  }

  get(key: string): unknown {
    const e = this.order.get(key);
    if (e !== undefined) {
      if (this.expired(e)) {
        this.remove(key, 'ttl');
        this.misses++;
        return undefined;
      }
      this.order.delete(key);
      this.order.set(key, e);
      this.hits++;
      return e.value;
    }
    const w = this.weak.get(key);
    if (w !== undefined) {
      this.weak.delete(key);
      if (!this.expired(w)) {
        this.hits++;
        this.weakHits++;
        this.insert(key, w);
        return w.value;
      }
    }
    this.misses++;
    return undefined;
  }

  peek(key: string): unknown {
    const e = this.order.get(key);
    return e === undefined || this.expired(e) ? undefined : e.value;
  }

  delete(key: string): boolean {
    if (this.order.has(key)) {
      this.remove(key, 'manual');
      return true;
    }
    this.weak.delete(key);
    return false;
  }

  purgeStale(): number {
    let n = 0;
    for (const [key, e] of [...this.order]) {
      if (this.expired(e)) {
        this.remove(key, 'ttl');
        n++;
      }
    }
    return n;
  }

  liveKeysNewestFirst(): string[] {
    return [...this.order].filter(([, e]) => !this.expired(e)).map(([k]) => k).reverse();
  }
}

/** mulberry32: a seeded PRNG so a failure names a reproducible seed and step. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONFIGS: Config[] = [
  { maxEntries: 1 },
  { maxEntries: 7 },
  { maxEntries: 40 },
  { maxBytes: 300 },
  { maxBytes: 1000, maxEntryBytes: 120 },
  { maxEntries: 20, maxBytes: 400 },
  { maxEntries: 25, ttlMs: 50 },
  { maxEntries: 30, maxBytes: 500, ttlMs: 80 },
  { maxEntries: 10, weak: true },
  { maxEntries: 15, maxBytes: 300, weak: true, ttlMs: 100 },
  { maxBytes: 200, weak: true },
  { maxEntries: 300, maxBytes: 4000, maxEntryBytes: 200, ttlMs: 500, weak: true },
];
const STEPS_PER_CONFIG = 10_000;

describe('MemoryLru matches the reference model step by step', () => {
  CONFIGS.forEach((config, index) => {
    test(`config ${index}: ${JSON.stringify(config)}`, () => {
      const seed = 0x5eed + index * 7919;
      const random = rng(seed);
      const model = new Model(config);
      const events: [string, LruEvictReason][] = [];
      const lru = new MemoryLru<unknown>({
        ...config,
        now: () => model.now,
        onEvict: (key, _value, reason) => events.push([key, reason]),
      });
      const keySpace = Math.max(8, Math.round((config.maxEntries ?? 30) * 1.6));
      const int = (n: number) => Math.floor(random() * n);

      for (let step = 0; step < STEPS_PER_CONFIG; step++) {
        const where = `seed ${seed} step ${step}`;
        if (random() < 0.3) model.now += int(config.ttlMs ? config.ttlMs / 4 : 10);
        const key = `k${int(keySpace)}`;
        const roll = random();
        let got: unknown;
        let want: unknown;
        let op: string;
        if (roll < 0.4) {
          op = 'set';
          // Objects (weakly keepable) and primitives; sizes up to past the per-entry limit.
          const value = random() < 0.7 ? { step } : step;
          const size = int(Math.min(config.maxEntryBytes ?? config.maxBytes ?? 150, 250) * 1.2);
          const ttlMs = config.ttlMs !== undefined || random() < 0.2 ? (random() < 0.15 ? Infinity : 1 + int(120)) : undefined;
          // Without options (the short path when the cache is plain), sizes come from estimateSize.
          const options = random() < 0.4 ? undefined : { size, ...(ttlMs === undefined || random() < 0.3 ? {} : { ttlMs }) };
          want = model.set(key, value, options?.size ?? estimateSize(value), options?.ttlMs);
          got = lru.set(key, value, options);
        } else if (roll < 0.75) {
          op = 'get';
          want = model.get(key);
          got = lru.get(key);
        } else if (roll < 0.85) {
          op = 'peek';
          want = model.peek(key);
          got = lru.peek(key);
        } else if (roll < 0.9) {
          op = 'has';
          want = model.peek(key) !== undefined;
          got = lru.has(key);
        } else if (roll < 0.99) {
          op = 'delete';
          want = model.delete(key);
          got = lru.delete(key);
        } else {
          op = 'purgeStale';
          want = model.purgeStale();
          got = lru.purgeStale();
        }
        if (got !== want) expect.fail(`${where}: ${op}(${key}) returned ${String(got)}, model ${String(want)}`);
        if (JSON.stringify(events) !== JSON.stringify(model.events)) {
          expect.fail(`${where}: ${op}(${key}) evicted ${JSON.stringify(events)}, model ${JSON.stringify(model.events)}`);
        }
        events.length = 0;
        model.events = [];
        if (lru.size !== model.order.size || lru.bytes !== model.bytes) {
          expect.fail(`${where}: size/bytes ${lru.size}/${lru.bytes}, model ${model.order.size}/${model.bytes}`);
        }
        if (lru.size > (config.maxEntries ?? Infinity) || lru.bytes > (config.maxBytes ?? Infinity)) {
          expect.fail(`${where}: bound broken: ${lru.size} entries, ${lru.bytes} bytes`);
        }
        const keys = lru.keys();
        const modelKeys = model.liveKeysNewestFirst();
        if (keys.join() !== modelKeys.join()) expect.fail(`${where}: keys ${keys.join()} != model ${modelKeys.join()}`);
        const s = lru.stats();
        const ms = {
          entries: model.order.size, bytes: model.bytes, hits: model.hits, misses: model.misses,
          evictions: model.evictions, weakHits: model.weakHits, weakEntries: model.weak.size, refused: model.refused,
          byReason: model.byReason,
        };
        const got2 = {
          entries: s.entries, bytes: s.bytes, hits: s.hits, misses: s.misses,
          evictions: s.evictions, weakHits: s.weakHits, weakEntries: s.weakEntries, refused: s.refused,
          byReason: s.byReason,
        };
        if (JSON.stringify(got2) !== JSON.stringify(ms)) expect.fail(`${where}: stats ${JSON.stringify(got2)} != model ${JSON.stringify(ms)}`);
      }
      // The run must have exercised what it claims to.
      const s = lru.stats();
      expect(s.hits).toBeGreaterThan(100);
      expect(s.misses).toBeGreaterThan(100);
      expect(s.byReason.manual).toBeGreaterThan(10);
      if (config.maxEntries !== undefined && config.maxBytes === undefined) expect(s.byReason.lru).toBeGreaterThan(config.ttlMs ? 10 : 100);
      if (config.maxBytes !== undefined) expect(s.byReason.budget).toBeGreaterThan(100);
      if (config.ttlMs !== undefined) expect(s.byReason.ttl).toBeGreaterThan(10);
      if (config.weak) expect(s.weakHits).toBeGreaterThan(10);
      if (config.maxEntryBytes !== undefined) expect(s.refused).toBeGreaterThan(10);
    });
  });
});
