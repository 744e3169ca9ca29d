// disk.encrypt: records sealed with AES-GCM after compression. A record that cannot be opened
// (its key gone, another key, a flipped byte, a body moved to another key) is a miss and is
// removed, never served or thrown; clear({ shred: true }) makes every stored record unreadable
// at once by deleting the key first.
import { afterAll, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import { adler32 } from '../../src/codec/index.ts';
import { DiskTier, encodeValue } from '../../src/disk/index.ts';
import { HotDisk } from '../../src/sw/hotDisk.ts';
import { deleteDatabase, jsonValue, rawTransaction, readBody, recordEvents, request, uniqueName } from './disk-helpers.ts';

const names: string[] = [];
afterAll(() => Promise.all(names.map(deleteDatabase)));

function named(label: string): string {
  const name = uniqueName(label);
  names.push(name);
  return name;
}

const SECRET = 'patient-record-7f3a';
/** Small (stored raw: compression would not hide it) and large (deflated) values holding SECRET. */
const values: Record<string, unknown> = { small: { note: SECRET }, large: { note: SECRET, rest: jsonValue(1, 40_000) }, text: `${SECRET} as text` };

type Stored = { record: Record<string, unknown>; body: ArrayBuffer };
/** Every entry as stored: its meta and its stored bytes. */
async function bodiesOf(name: string): Promise<Stored[]> {
  const metas = await rawTransaction(name, 'readonly', async ({ meta }) => (await request(meta.getAll())) as { key: string }[]);
  return Promise.all(metas.map(async (record) => ({ record, body: (await readBody(name, record.key))! })));
}
const keyOf = (name: string) => rawTransaction(name, 'readonly', async ({ state }) => (await request(state.get('key'))) as CryptoKey | undefined);
const contains = (buffer: ArrayBuffer, needle: string) => new TextDecoder('latin1').decode(buffer).includes(needle);
const appKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

async function fill(tier: DiskTier): Promise<void> {
  for (const [key, value] of Object.entries(values)) expect(await tier.set(key, encodeValue(value))).toBe(true);
}

async function expectAll(tier: DiskTier, present: boolean): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    const hit = await tier.get(key);
    if (present) expect(hit && new TextDecoder().decode(hit.value.bytes)).toBe(typeof value === 'string' ? value : JSON.stringify(value));
    else expect(hit).toBeUndefined();
  }
}

test('sealed records read back exactly, across a reopen, and no stored body holds the plaintext', async () => {
  const name = named('enc-roundtrip');
  const tier = new DiskTier({ name, encrypt: true });
  await fill(tier);
  await expectAll(tier, true);
  tier.close();
  const stored = await bodiesOf(name);
  expect(stored).toHaveLength(3);
  for (const { record, body } of stored) {
    expect(record.sealed).toBe(1);
    expect(contains(body, SECRET)).toBe(false);
    expect(body.byteLength).toBe(record.storedBytes); // the IV and the tag are counted in the budget
  }
  const key = await keyOf(name);
  expect(key).toBeInstanceOf(CryptoKey);
  expect(key!.extractable).toBe(false);

  const again = new DiskTier({ name, encrypt: true });
  await expectAll(again, true);
  again.close();
});

test('the same values unencrypted leave the plaintext in the small stored bodies (the check above can fail)', async () => {
  const name = named('enc-control');
  const tier = new DiskTier({ name });
  await fill(tier);
  tier.close();
  expect((await bodiesOf(name)).filter(({ body }) => contains(body, SECRET)).length).toBeGreaterThanOrEqual(2);
});

test('a missing key, another key, or a tier without encryption: every sealed record is a miss and is removed', async () => {
  const name = named('enc-keys');
  const key = await appKey();
  const writer = new DiskTier({ name, encrypt: key });
  await fill(writer);
  writer.close();
  expect(await keyOf(name)).toBeUndefined(); // the app's key is never stored

  const plain = new DiskTier({ name });
  const { errors } = recordEvents(plain);
  await expect(plain.get('small')).resolves.toBeUndefined();
  expect(errors.map((e) => e.code)).toEqual(['corrupt']);
  plain.close();

  const other = new DiskTier({ name, encrypt: await appKey() });
  await expect(other.get('large')).resolves.toBeUndefined();
  other.close();

  const stored = new DiskTier({ name, encrypt: true }); // no stored key: made on the first write, not on reads
  await expect(stored.get('text')).resolves.toBeUndefined();
  await stored.list(); // the queued removals are done
  expect(await keyOf(name)).toBeUndefined();
  stored.close();

  const owner = new DiskTier({ name, encrypt: key });
  expect((await owner.list()).map((i) => i.key)).toEqual([]);
  expect((await owner.stats()).corrupt).toBe(3);
  owner.close();
});

test('an unsealed record read by an encrypting tier is a miss', async () => {
  const name = named('enc-unsealed');
  const plain = new DiskTier({ name });
  await fill(plain);
  plain.close();
  const tier = new DiskTier({ name, encrypt: true });
  await expectAll(tier, false);
  tier.close();
});

test('a flipped byte (checksum made to match) or a body moved under another key is a miss', async () => {
  const name = named('enc-tamper');
  const tier = new DiskTier({ name, encrypt: true });
  await fill(tier);
  const stored = await bodiesOf(name);
  const [small, large] = ['small', 'large'].map((key) => stored.find(({ record }) => record.key === key));
  const bytes = new Uint8Array(large!.body.slice(0));
  await rawTransaction(name, 'readwrite', ({ bodies, meta }) => {
    const flipped = new Uint8Array(small!.body.slice(0));
    flipped[20]! ^= 1;
    meta.put({ ...small!.record, checksum: adler32(flipped) });
    bodies.put(flipped.buffer, 'small');
    // 'text' gets the sealed body of 'large', its meta edited to match, checksum and all.
    bodies.put(bytes.buffer, 'text');
    meta.put({ ...large!.record, key: 'text' });
  });
  await expect(tier.get('small')).resolves.toBeUndefined();
  await expect(tier.get('text')).resolves.toBeUndefined();
  expect(await tier.get('large')).toBeDefined();
  tier.close();
});

test('clear({ shred: true }) deletes the key first: records copied back to disk afterwards stay unreadable', async () => {
  const name = named('enc-shred');
  const tier = new DiskTier({ name, encrypt: true });
  await fill(tier);
  const before = await rawTransaction(name, 'readonly', async ({ bodies, meta }) => ({
    bodies: (await request(bodies.getAll())) as unknown[],
    metas: (await request(meta.getAll())) as { key: string }[],
  }));
  await tier.clear({ shred: true });
  expect(await keyOf(name)).toBeUndefined();
  await expectAll(tier, false);
  // What a copy of the disk taken before logout holds, put back: still nothing to read.
  await tier.list();
  await rawTransaction(name, 'readwrite', ({ bodies, meta }) => {
    before.metas.forEach((m) => meta.put(m));
    before.bodies.forEach((b, i) => bodies.put(b, before.metas[i]!.key));
  });
  await expectAll(tier, false);
  tier.close();
  const reopened = new DiskTier({ name, encrypt: true });
  await expectAll(reopened, false);
  // The cache goes on working under a new key.
  expect(await reopened.set('after', encodeValue('fresh'))).toBe(true);
  expect(new TextDecoder().decode((await reopened.get('after'))!.value.bytes)).toBe('fresh');
  expect(await keyOf(name)).toBeInstanceOf(CryptoKey);
  reopened.close();
});

test("a worker route database (HotDisk over an encrypting DiskTier): responses sealed, shred drops the hot copies and the key", async () => {
  const name = named('enc-route');
  const route = new HotDisk(new DiskTier({ name, encrypt: true }), { maxBytes: 1 << 20 });
  const meta = { url: 'https://app.test/api/me', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] as [string, string][] };
  expect(await route.set('GET https://app.test/api/me', { kind: 'response', bytes: new TextEncoder().encode(JSON.stringify({ note: SECRET })), meta })).toBe(true);
  expect(await route.get('GET https://app.test/api/me')).toBeDefined();
  expect((await bodiesOf(name)).some(({ body }) => contains(body, SECRET))).toBe(false);
  await route.clear({ shred: true });
  expect(await keyOf(name)).toBeUndefined();
  await expect(route.get('GET https://app.test/api/me')).resolves.toBeUndefined();
  route.close();
});

test('a page cache with an app key: values round-trip through memory and disk, and shred is a clear', async () => {
  const name = named('enc-page');
  const cache = createCache({ name, memory: { maxEntries: 1 }, disk: { encrypt: await appKey() } });
  await cache.set('a', { note: SECRET });
  await cache.set('b', 'second'); // pushes 'a' out of memory: it is read from disk
  expect(await cache.get('a')).toEqual({ note: SECRET });
  await cache.clear({ shred: true });
  expect(await cache.get('a')).toBeUndefined();
  cache.close();
});

test('bad option types are TypeErrors, and nothing is opened', async () => {
  const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const encryptOnly = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt']);
  for (const encrypt of ['yes', 1, {}, null, hmac, encryptOnly]) {
    expect(() => new DiskTier({ name: 'enc-bad', encrypt: encrypt as never })).toThrow(TypeError);
    expect(() => createCache({ name: 'enc-bad', memory: { maxEntries: 1 }, disk: { encrypt: encrypt as never } })).toThrow(/disk\.encrypt/);
  }
  const cache = createCache({ name: named('enc-bad-clear'), memory: { maxEntries: 1 } });
  await expect(cache.clear({ shred: 'yes' as never })).rejects.toThrow(TypeError);
  cache.close();
});

test('no shared dictionary under encryption: a dictionary is plaintext taken from bodies, so none is trained or stored', async () => {
  const stateKeys = (name: string) => rawTransaction(name, 'readonly', async ({ state }) => (await request(state.getAllKeys())) as string[]);
  const bodies = Array.from({ length: 40 }, (_, i) => ({ note: SECRET, i, rest: jsonValue(i, 2_000) })); // 80 KB of JSON: enough to train one
  const written = async (name: string, encrypt: boolean) => {
    const tier = new DiskTier({ name, encrypt });
    for (const [i, value] of bodies.entries()) expect(await tier.set(`k${i}`, encodeValue(value))).toBe(true);
    tier.close();
    return (await stateKeys(name)).filter((key) => key.startsWith('dict:'));
  };
  expect(await written(named('enc-nodict-control'), false)).not.toHaveLength(0); // the same bodies unencrypted train one
  expect(await written(named('enc-nodict'), true)).toEqual([]);
});
