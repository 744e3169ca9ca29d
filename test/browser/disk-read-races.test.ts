// A read that a set or delete of the same key overlaps answers with the newer state, even when
// that change was already stored (and so out of the write queue) by the time the read returned.
// Large bodies inflate through DecompressionStream, which is held here to open the window.
import { afterEach, expect, test } from 'vitest';
import { DiskTier, decodeValue, encodeValue } from '../../src/disk/index.ts';
import { deleteDatabase, jsonValue, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
const Native = globalThis.DecompressionStream;
afterEach(async () => {
  globalThis.DecompressionStream = Native;
  await Promise.all(names.splice(0).map(deleteDatabase));
});

/** DecompressionStream whose output waits for release(): the next inflate is held. */
function holdInflates(): { release: () => void; started: Promise<void> } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => (started = resolve));
  class Held extends Native {
    constructor(format: CompressionFormat) {
      super(format);
      const readable = super.readable;
      const held = new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          started();
          await gate;
          controller.enqueue(chunk);
        },
      });
      Object.defineProperty(this, 'readable', { value: readable.pipeThrough(held) });
    }
  }
  globalThis.DecompressionStream = Held as typeof DecompressionStream;
  return { release, started: startedP };
}

const big = (seed: number) => encodeValue(jsonValue(seed, 40_000)); // deflated, inflated natively

test('a set stored while a read inflates: the read answers the new value', async () => {
  const name = uniqueName('race-set');
  names.push(name);
  const tier = new DiskTier({ name });
  expect(await tier.set('k', big(1))).toBe(true);
  const { release, started } = holdInflates();
  const reading = tier.get('k');
  await started; // the old record is read and inflating
  expect(await tier.set('k', big(2))).toBe(true); // stored: out of the write queue
  release();
  const hit = await reading;
  expect((decodeValue(hit!.value) as { seed: number }).seed).toBe(2);
  const stats = await tier.stats();
  expect([stats.hits, stats.misses]).toEqual([1, 0]); // one get, one hit
  tier.close();
});

test('a delete stored while a read inflates: the read is a miss', async () => {
  const name = uniqueName('race-delete');
  names.push(name);
  const tier = new DiskTier({ name });
  expect(await tier.set('k', big(1))).toBe(true);
  const { release, started } = holdInflates();
  const reading = tier.get('k');
  await started;
  expect(await tier.delete('k')).toBe(true);
  release();
  expect(await reading).toBeUndefined();
  const stats = await tier.stats();
  expect([stats.hits, stats.misses]).toEqual([0, 1]);
  tier.close();
});
