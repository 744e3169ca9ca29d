// A get or has issued while a delete() or clear() is still on its way to disk answers a miss and
// does not bring the old value back into memory (real IndexedDB; the disk delete is held back).
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import { DiskTier } from '../../src/disk/index.ts';
import type { DiskTierOptions } from '../../src/diskContract.ts';
import { uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

/** A real DiskTier whose delete and clear wait for `release()` before reaching IndexedDB. */
function gatedOpener() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  class Gated extends DiskTier {
    override async delete(key: string): Promise<boolean> {
      await gate;
      return super.delete(key);
    }
    override async clear(): Promise<void> {
      await gate;
      return super.clear();
    }
  }
  return { openDisk: (o: DiskTierOptions) => new Gated(o), release: () => release() };
}

test('get during a pending delete misses and the deleted value never returns to memory', async () => {
  const { openDisk, release } = gatedOpener();
  const c = createCache({ name: uniqueName('del-race'), memory: { maxEntries: 10 }, openDisk } as never);
  open.push(c);
  await c.set('k', { v: 'old' });
  const deleting = c.delete('k');
  expect(await c.get('k')).toBeUndefined();
  expect(await c.has('k')).toBe(false);
  expect(c.peek('k')).toBeUndefined();
  release();
  expect(await deleting).toBe(true);
  expect(c.peek('k')).toBeUndefined();
  expect(await c.get('k')).toBeUndefined();
});

test('get during a pending clear misses, and a set after the clear is still answered', async () => {
  const { openDisk, release } = gatedOpener();
  const c = createCache({ name: uniqueName('clear-race'), memory: { maxEntries: 10 }, openDisk } as never);
  open.push(c);
  await c.set('a', 1);
  await c.set('b', 2);
  const clearing = c.clear();
  expect(await c.get('a')).toBeUndefined();
  expect(await c.has('b')).toBe(false);
  const setting = c.set('c', 3); // queued behind the clear
  expect(await c.get('c')).toBe(3);
  release();
  await clearing;
  await setting;
  expect(c.peek('a')).toBeUndefined();
  expect(await c.get('a')).toBeUndefined();
  expect(await c.get('c')).toBe(3);
});
