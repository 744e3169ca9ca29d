// Two TierCaches of one name in one page stand in for two tabs: same BroadcastChannel name,
// separate memory tiers, one database.
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import type { ChangeDetail } from '../../src/types.ts';
import { DiskTier } from '../../src/disk/index.ts';
import type { DiskHit, DiskTierOptions, EncodedValue, GetOptions, SetOptions } from '../../src/diskContract.ts';
import { uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

function pair() {
  const name = uniqueName('coh');
  const a = createCache({ name, memory: { maxEntries: 100 } });
  const b = createCache({ name, memory: { maxEntries: 100 } });
  open.push(a, b);
  const changes = { a: [] as ChangeDetail[], b: [] as ChangeDetail[] };
  a.addEventListener('change', (e) => changes.a.push((e as CustomEvent<ChangeDetail>).detail));
  b.addEventListener('change', (e) => changes.b.push((e as CustomEvent<ChangeDetail>).detail));
  return { a, b, changes };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

test('a set in one cache drops the other cache memory copy, which then reads the new value', async () => {
  const { a, b, changes } = pair();
  await a.set('k', 1);
  expect(await b.get('k')).toBe(1);
  expect(b.peek('k')).toBe(1);
  await a.set('k', 2);
  expect(await until(() => b.peek('k') === undefined)).toBe(true);
  expect(await b.get('k')).toBe(2);
  expect(changes.b).toContainEqual({ type: 'set', key: 'k', origin: 'remote' });
  // No echo: the sender only saw its own local changes.
  expect(changes.a.every((c) => c.origin === 'local')).toBe(true);
});

test('delete and clear in one cache empty the other cache memory', async () => {
  const { a, b, changes } = pair();
  await Promise.all([a.set('x', 1), a.set('y', 2)]);
  expect(await b.get('x')).toBe(1);
  expect(await b.get('y')).toBe(2);
  await a.delete('x');
  expect(await until(() => b.peek('x') === undefined)).toBe(true);
  await a.clear();
  expect(await until(() => b.peek('y') === undefined)).toBe(true);
  expect(await b.get('y')).toBeUndefined();
  expect(changes.b.map((c) => c.type)).toEqual(['set', 'set', 'delete', 'clear']);
});

test('a tab that re-read the old value from disk while the write was on its way drops it once the write is stored', async () => {
  // Cache a's disk write is held back: b, told of the set, re-reads the key from disk meanwhile
  // and finds the old record. Once a's write is stored, b must not go on serving the old value.
  const name = uniqueName('coh-ack');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let hold = false;
  class Gated extends DiskTier {
    override async set(key: string, value: EncodedValue, options?: SetOptions): Promise<boolean> {
      if (hold) await gate;
      return super.set(key, value, options);
    }
  }
  const a = createCache({ name, memory: { maxEntries: 100 }, openDisk: (o: DiskTierOptions) => new Gated(o) } as never);
  const b = createCache({ name, memory: { maxEntries: 100 } });
  open.push(a, b);
  await a.set('k', 'old');
  hold = true;
  const writing = a.set('k', 'new');
  expect(await until(() => b.peek('k') === undefined)).toBe(true); // told of the set (nothing cached yet)
  expect(await b.get('k')).toBe('old'); // the write is not stored yet: disk still has the old record
  release();
  await writing;
  expect(await until(() => b.peek('k') !== 'old')).toBe(true);
  expect(await b.get('k')).toBe('new');
});

test('a disk read overlapped by another tab storing the key is read again: the old value is neither returned nor kept', async () => {
  // b's read of the old record is held until after a's write is stored and announced.
  const name = uniqueName('coh-ack-read');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let readStarted!: () => void;
  const reading = new Promise<void>((resolve) => (readStarted = resolve));
  class SlowReads extends DiskTier {
    override async get(key: string, options?: GetOptions): Promise<DiskHit | undefined> {
      const hit = await super.get(key, options);
      readStarted();
      await gate;
      return hit;
    }
  }
  const a = createCache({ name, memory: { maxEntries: 100 } });
  const b = createCache({ name, memory: { maxEntries: 100 }, openDisk: (o: DiskTierOptions) => new SlowReads(o) } as never);
  open.push(a, b);
  await a.set('k', 'old');
  const read = b.get('k');
  await reading; // b holds the old record
  await a.set('k', 'new'); // stored and announced while b's read is still in flight
  await new Promise((r) => setTimeout(r, 50)); // b has received both messages
  release();
  expect(await read).toBe('new'); // read again once the overlapping change was announced
  expect(b.peek('k')).toBe('new'); // and only that second read is kept
});

test('a set right before close() is still announced as stored to the other tabs, with no error after close', async () => {
  const name = uniqueName('coh-close');
  const a = createCache({ name, memory: { maxEntries: 10 } });
  open.push(a);
  const heard: string[] = [];
  const spy = new BroadcastChannel(`tiercache:${name}`);
  spy.onmessage = (e) => heard.push((e.data as { type: string }).type);
  const errors: unknown[] = [];
  a.addEventListener('error', (e) => errors.push((e as CustomEvent).detail.error));
  const setting = a.set('k', 'v');
  a.close();
  await setting;
  expect(await until(() => heard.includes('stored'))).toBe(true);
  spy.close();
  expect(heard).toEqual(['set', 'stored']);
  expect(errors).toEqual([]);
});

test('a delete here while this tab reads the key from disk: the read is not kept, the value does not come back', async () => {
  const name = uniqueName('coh-local-delete');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let readStarted!: () => void;
  const reading = new Promise<void>((resolve) => (readStarted = resolve));
  let hold = true;
  class SlowReads extends DiskTier {
    override async get(key: string, options?: GetOptions): Promise<DiskHit | undefined> {
      const hit = await super.get(key, options);
      if (hold) {
        hold = false;
        readStarted();
        await gate;
      }
      return hit;
    }
  }
  const writer = createCache({ name, memory: { maxEntries: 10 } });
  open.push(writer);
  await writer.set('k', 'old');
  const b = createCache({ name, memory: { maxEntries: 10 }, openDisk: (o: DiskTierOptions) => new SlowReads(o) } as never);
  open.push(b);
  const read = b.get('k');
  await reading; // b holds the old record
  expect(await b.delete('k')).toBe(true); // stored: the tombstone is gone
  release();
  expect(await read).toBeUndefined(); // read again after the delete
  expect(b.peek('k')).toBeUndefined();
  expect(await b.get('k')).toBeUndefined();
});

test("a tab without a disk tier keeps its own newer set when another tab's write is announced as stored", async () => {
  const name = uniqueName('coh-memory-only');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  class Gated extends DiskTier {
    override async set(key: string, value: EncodedValue, options?: SetOptions): Promise<boolean> {
      await gate;
      return super.set(key, value, options);
    }
  }
  const a = createCache({ name, memory: { maxEntries: 10 }, openDisk: (o: DiskTierOptions) => new Gated(o) } as never);
  const b = createCache({ name, memory: { maxEntries: 10 }, disk: false });
  open.push(a, b);
  let told = false;
  b.addEventListener('change', () => (told = true));
  const writing = a.set('k', 1); // held before the disk
  expect(await until(() => told)).toBe(true);
  await b.set('k', 2); // after a's 'set' arrived: b's value is the newer one
  release();
  await writing; // a's 'stored' goes out now
  await new Promise((r) => setTimeout(r, 50));
  expect(b.peek('k')).toBe(2);
});

test("this tab's own set, stored before another tab's write of the key that lands last, gives way to it", async () => {
  const name = uniqueName('coh-reorder');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  class Gated extends DiskTier {
    override async set(key: string, value: EncodedValue, options?: SetOptions): Promise<boolean> {
      await gate; // a's write waits behind a backlog
      return super.set(key, value, options);
    }
  }
  const a = createCache({ name, memory: { maxEntries: 10 }, openDisk: (o: DiskTierOptions) => new Gated(o) } as never);
  const b = createCache({ name, memory: { maxEntries: 10 } });
  open.push(a, b);
  let told = false;
  b.addEventListener('change', () => (told = true));
  const aWrite = a.set('k', 'v2'); // announced now, stored later
  expect(await until(() => told)).toBe(true);
  await b.set('k', 'v1'); // stored first
  release();
  await aWrite; // stored last: the disk holds v2
  expect(await until(() => b.peek('k') === undefined)).toBe(true);
  const c = createCache({ name, memory: { maxEntries: 10 } });
  open.push(c);
  expect(await c.get('k')).toBe('v2');
  expect(await b.get('k')).toBe('v2');
  expect(await a.get('k')).toBe('v2');
});

test("a set here that lands before another tab's clear gives way to the clear", async () => {
  const name = uniqueName('coh-reorder-clear');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  class SlowClear extends DiskTier {
    override async clear(): Promise<void> {
      await gate;
      return super.clear();
    }
  }
  const a = createCache({ name, memory: { maxEntries: 10 }, openDisk: (o: DiskTierOptions) => new SlowClear(o) } as never);
  const b = createCache({ name, memory: { maxEntries: 10 } });
  open.push(a, b);
  let told = false;
  b.addEventListener('change', () => (told = true));
  const aClear = a.clear();
  expect(await until(() => told)).toBe(true);
  await b.set('k', 'v1'); // stored before the clear
  release();
  await aClear; // the disk is empty
  expect(await until(() => b.peek('k') === undefined)).toBe(true);
  expect(await b.get('k')).toBeUndefined();
});
