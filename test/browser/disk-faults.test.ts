// Storage faults never reject: IndexedDB missing, open() failing or hanging → memory-only mode
// with an `error` event, retried later; a connection closed under us → reopened and retried once;
// another context upgrading the database → we close so it can.
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { DiskTier, REOPEN_AFTER_MS, databaseName, encodeValue } from '../../src/disk/index.ts';
import { SCHEMA_VERSION } from '../../src/disk/store/index.ts';
import { deleteDatabase, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));
afterEach(() => vi.restoreAllMocks());
const value = encodeValue({ hello: 'world' });

test('without IndexedDB: memory mode, an unavailable error, nothing rejects; retried after REOPEN_AFTER_MS', async () => {
  const name = uniqueName('faults-missing');
  names.push(name);
  let clock = 0;
  const tier = new DiskTier({ name, now: () => clock });
  const { errors } = recordEvents(tier);
  const own = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true, writable: true });
  try {
    expect(await tier.set('k', value)).toBe(false);
    expect(await tier.get('k')).toBeUndefined();
    expect(await tier.has('k')).toBe(false);
    expect(await tier.list()).toEqual([]);
    expect((await tier.stats()).mode).toBe('memory');
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  } finally {
    if (own) Object.defineProperty(globalThis, 'indexedDB', own);
    else delete (globalThis as { indexedDB?: unknown }).indexedDB;
  }
  expect(globalThis.indexedDB).toBeDefined();
  expect(await tier.set('k', value)).toBe(false); // not before the retry time
  clock += REOPEN_AFTER_MS;
  expect(await tier.set('k', value)).toBe(true);
  expect((await tier.stats()).mode).toBe('idb');
  expect(await tier.has('k')).toBe(true);
  expect(errors).toHaveLength(1);
  tier.close();
});

test('open() that does not answer within openTimeoutMs: memory mode, then recovers', async () => {
  const name = uniqueName('faults-hang');
  names.push(name);
  const setup = new DiskTier({ name });
  await setup.set('old', value);
  setup.close();
  await new Promise((r) => setTimeout(r, 50));
  // A connection that ignores versionchange keeps a deleteDatabase pending; opens queue behind it.
  const holder = await request(indexedDB.open(databaseName(name)));
  const deleting = request(indexedDB.deleteDatabase(databaseName(name)) as unknown as IDBRequest<unknown>);
  let clock = 0;
  const tier = new DiskTier({ name, openTimeoutMs: 300, now: () => clock });
  const { errors } = recordEvents(tier);
  expect(await tier.set('k', value)).toBe(false);
  expect(errors.map((e) => [e.code, e.message])).toEqual([['unavailable', expect.stringMatching(/did not answer within 300 ms/)]]);
  holder.close();
  await deleting;
  clock += REOPEN_AFTER_MS;
  expect(await tier.set('k', value)).toBe(true);
  expect(await tier.has('k')).toBe(true);
  expect(await tier.has('old')).toBe(false); // the database was deleted meanwhile
  tier.close();
});

test('a connection closing under us (InvalidStateError) is reopened and the operation retried once', async () => {
  const name = uniqueName('faults-closed');
  names.push(name);
  const tier = new DiskTier({ name });
  const { errors } = recordEvents(tier);
  expect(await tier.set('a', value)).toBe(true);
  const original = IDBDatabase.prototype.transaction;
  let failures = 1;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (failures-- > 0) throw new DOMException('The database connection is closing.', 'InvalidStateError');
    return original.apply(this, args);
  });
  expect(await tier.set('b', value)).toBe(true);
  failures = 1;
  expect((await tier.get('a'))?.value.kind).toBe('json');
  expect(errors).toEqual([]);
  // Failing again after the reopen: reported as 'closed', still no rejection.
  failures = 2;
  expect(await tier.set('c', value)).toBe(false);
  expect(errors.map((e) => e.code)).toEqual(['closed']);
  vi.restoreAllMocks();
  expect(await tier.set('c', value)).toBe(true);
  tier.close();
});

test('another context upgrading the database: we close for it, and reopen lazily', async () => {
  const name = uniqueName('faults-versionchange');
  names.push(name);
  const tier = new DiskTier({ name });
  const { errors } = recordEvents(tier);
  expect(await tier.set('a', value)).toBe(true);
  // Would stay blocked forever if the tier kept its connection open.
  const upgraded = await request(indexedDB.open(databaseName(name), SCHEMA_VERSION + 1));
  upgraded.close();
  await deleteDatabase(name);
  expect(await tier.set('b', value)).toBe(true); // reopened: a fresh database at our version
  expect(await tier.has('a')).toBe(false);
  expect(errors).toEqual([]);
  tier.close();
});

test('a newer schema left by another context: memory mode and an error, not a rejection', async () => {
  const name = uniqueName('faults-newer');
  names.push(name);
  const newer = await request(indexedDB.open(databaseName(name), 99));
  newer.close();
  const tier = new DiskTier({ name });
  const { errors } = recordEvents(tier);
  expect(await tier.set('a', value)).toBe(false);
  expect(await tier.get('a')).toBeUndefined();
  expect(errors.map((e) => [e.code, (e.cause as DOMException).name])).toEqual([['unavailable', 'VersionError']]);
  tier.close();
});
