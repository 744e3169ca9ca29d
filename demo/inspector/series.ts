// The inspector's history: one sample per stats() reading, turned into per-interval rates for
// the "over time" chart. Pure and bounded (a ring of `capacity` samples), tested in node.
import type { CacheStats } from '../../src/types.ts';

export interface Sample {
  /** ms since epoch. */
  t: number;
  stats: CacheStats;
}

/** Column-oriented chart data, one column per sample (uPlot's AlignedData layout). */
export interface ChartColumns {
  /** Seconds since epoch. */
  t: number[];
  /** Hit rate of the interval ending at this sample, 0–1; null when nothing was looked up. */
  memoryHitRate: (number | null)[];
  diskHitRate: (number | null)[];
  memoryBytes: number[];
  diskStoredBytes: number[];
  diskRawBytes: number[];
  /** Requests answered in the interval, by where the answer came from. */
  fromMemory: number[];
  fromDisk: number[];
  fromNetwork: number[];
}

/**
 * Counters can go backwards when the cache is recreated (new options, reload of the worker):
 * a negative delta is read as a restart and the new value counts from zero.
 */
function delta(now: number, before: number): number {
  return now >= before ? now - before : now;
}

export class History {
  readonly capacity: number;
  #samples: Sample[] = [];

  constructor(capacity = 300) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`capacity must be an integer >= 2, got ${capacity}`);
    this.capacity = capacity;
  }

  get length(): number {
    return this.#samples.length;
  }

  /** Adds a reading; samples must come in time order (an older one is ignored). */
  push(t: number, stats: CacheStats): void {
    const last = this.#samples[this.#samples.length - 1];
    if (last && t < last.t) return;
    this.#samples.push({ t, stats: structuredClone(stats) });
    if (this.#samples.length > this.capacity) this.#samples.splice(0, this.#samples.length - this.capacity);
  }

  clear(): void {
    this.#samples = [];
  }

  /**
   * The chart's columns. The first sample has no interval before it, so rates start at the
   * second sample; requests from memory are memory hits, from disk are disk hits, and from the
   * network are lookups that missed both tiers (disk misses).
   */
  columns(): ChartColumns {
    const out: ChartColumns = {
      t: [], memoryHitRate: [], diskHitRate: [], memoryBytes: [], diskStoredBytes: [], diskRawBytes: [],
      fromMemory: [], fromDisk: [], fromNetwork: [],
    };
    for (let i = 1; i < this.#samples.length; i++) {
      const prev = this.#samples[i - 1]!.stats;
      const { t, stats } = this.#samples[i]!;
      const mh = delta(stats.memory.hits, prev.memory.hits);
      const mm = delta(stats.memory.misses, prev.memory.misses);
      const dh = delta(stats.disk.hits, prev.disk.hits);
      const dm = delta(stats.disk.misses, prev.disk.misses);
      out.t.push(t / 1000);
      out.memoryHitRate.push(mh + mm > 0 ? mh / (mh + mm) : null);
      out.diskHitRate.push(dh + dm > 0 ? dh / (dh + dm) : null);
      out.memoryBytes.push(stats.memory.bytes);
      out.diskStoredBytes.push(stats.disk.storedBytes);
      out.diskRawBytes.push(stats.disk.rawBytes);
      out.fromMemory.push(mh);
      out.fromDisk.push(dh);
      out.fromNetwork.push(dm);
    }
    return out;
  }
}
