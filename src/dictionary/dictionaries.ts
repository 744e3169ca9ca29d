// When a cache trains its dictionary, and when it trains a new one. Pure: no IndexedDB, no clock.
//
// Samples are the cache's latest text bodies (copies of their first 32 KiB, the most recent
// 32 KiB in all). The first dictionary is trained once that much was seen. After each training
// the first DRIFT_WINDOW bodies deflated against it set its baseline ratio (stored/raw); a later
// window whose ratio is DRIFT_FACTOR times worse means the bodies changed (another API version,
// another endpoint took over the cache) and the next body trains a new dictionary from the latest
// samples. Homogeneous traffic varies by under 5% between windows on the mock API, so 1.15 is
// drift, not noise.
import { MAX_DICTIONARY_BYTES, trainDictionary } from '../codec/dictionary.ts';

/** Bodies deflated against a dictionary per measurement window. */
export const DRIFT_WINDOW = 32;
/** A window this many times worse than the baseline retrains. */
export const DRIFT_FACTOR = 1.15;

export class Trainer {
  #samples: Uint8Array[] = [];
  #sampled = 0;
  #baseline: number | undefined;
  #window = { count: 0, raw: 0, stored: 0 };
  #drifted = false;

  /** Keeps a copy of (the head of) a text body as a sample, dropping the oldest beyond 32 KiB. */
  sample(raw: Uint8Array): void {
    const copy = raw.slice(0, MAX_DICTIONARY_BYTES);
    this.#samples.push(copy);
    this.#sampled += copy.byteLength;
    while (this.#sampled - this.#samples[0]!.byteLength >= MAX_DICTIONARY_BYTES) this.#sampled -= this.#samples.shift()!.byteLength;
  }

  /** Whether a (new) dictionary should be trained now: none yet, or the current one drifted; and enough samples. */
  due(hasDictionary: boolean): boolean {
    return (!hasDictionary || this.#drifted) && this.#sampled >= MAX_DICTIONARY_BYTES;
  }

  /** A dictionary from the samples; the drift measurement starts over. */
  train(): Uint8Array {
    this.reset();
    return trainDictionary(this.#samples);
  }

  /** Starts the drift measurement over (a dictionary was trained, or adopted from the store). */
  reset(): void {
    this.#baseline = undefined;
    this.#window = { count: 0, raw: 0, stored: 0 };
    this.#drifted = false;
  }

  /** Counts one body deflated against the current dictionary. */
  measure(rawBytes: number, storedBytes: number): void {
    const w = this.#window;
    w.count++;
    w.raw += rawBytes;
    w.stored += storedBytes;
    if (w.count < DRIFT_WINDOW) return;
    this.#window = { count: 0, raw: 0, stored: 0 };
    this.#baseline ??= w.stored / w.raw;
    if (w.stored / w.raw > this.#baseline * DRIFT_FACTOR) this.#drifted = true;
  }
}
