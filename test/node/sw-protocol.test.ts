import { expect, test } from 'vitest';
import { RpcServer } from '../../src/sw/rpcServer.ts';
import { isReply, isTiercacheMessage, parseRequest } from '../../src/wire/protocol.ts';
import { MapDisk } from './support/mapDisk.ts';

const ok = { tiercache: 1, id: 7, name: 'c' };

test('well-formed requests of every op pass the shape check', () => {
  const value = { kind: 'json', bytes: new Uint8Array([49]) };
  for (const m of [
    { ...ok, op: 'ping', args: [] },
    { ...ok, op: 'get', args: ['k', true] },
    { ...ok, op: 'set', args: [{ key: 'k', value, ttlMs: 10 }] },
    { ...ok, op: 'setMany', args: [[{ key: 'k', value }]] },
    { ...ok, op: 'delete', args: ['k'] },
    { ...ok, op: 'list', args: [10] },
    { ...ok, op: 'clear', args: [] },
    { ...ok, op: 'clear', args: [true] },
    { ...ok, op: 'stats', args: [], disk: { maxBytes: 1000 } },
  ]) {
    expect(parseRequest(m)).toMatchObject({ ok: true });
  }
});

test('malformed requests are refused with the id to answer and a message naming the fault', () => {
  const cases: [unknown, RegExp, number][] = [
    [null, /must be an object/, -1],
    ['ping', /must be an object/, -1],
    [{ ...ok, tiercache: 2, op: 'ping', args: [] }, /tiercache must be 1/, 7],
    [{ ...ok, id: -3, op: 'ping', args: [] }, /id must be/, -1],
    [{ ...ok, op: 'drop-database', args: [] }, /unknown op drop-database/, 7],
    [{ ...ok, name: '../x', op: 'ping', args: [] }, /name must match/, 7],
    [{ ...ok, op: 'get', args: [1, false] }, /get takes \[key, allowStale\]/, 7],
    [{ ...ok, op: 'set', args: [{ key: 'k', value: { kind: 'json', bytes: [1] } }] }, /bytes must be a Uint8Array/, 7],
    [{ ...ok, op: 'set', args: [{ key: 'k', value: { kind: 'pickle', bytes: new Uint8Array() } }] }, /not a known kind/, 7],
    [{ ...ok, op: 'set', args: [{ key: 'k', value: { kind: 'json', bytes: new Uint8Array() }, ttlMs: -1 }] }, /ttlMs/, 7],
    [{ ...ok, op: 'set', args: [{ key: 'k', value: { kind: 'response', bytes: new Uint8Array(), meta: { url: 1 } } }] }, /meta\.url/, 7],
    [{ ...ok, op: 'list', args: [0] }, /limit > 0/, 7],
    [{ ...ok, op: 'clear', args: ['shred'] }, /clear takes \[\] or \[true\]/, 7],
    [{ ...ok, op: 'ping', args: [], disk: { maxBytes: -1 } }, /disk\.maxBytes/, 7],
  ];
  for (const [message, why, id] of cases) {
    const parsed = parseRequest(message);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(why);
      expect(parsed.id).toBe(id);
    }
  }
});

test('the server answers malformed messages with a protocol error and keeps serving', async () => {
  const server = new RpcServer((o) => new MapDisk(o.name));
  const bad = await server.handle({ ...ok, op: 'nope', args: [] });
  expect(bad).toEqual({ tiercache: 1, id: 7, ok: false, error: { code: 'protocol', message: 'unknown op nope' } });
  expect(isReply(bad)).toBe(true);
  const value = { kind: 'string' as const, bytes: new TextEncoder().encode('v') };
  expect(await server.handle({ ...ok, op: 'setMany', args: [[{ key: 'a', value }, { key: 'b', value }]] })).toMatchObject({ ok: true, result: [true, true] });
  const got = await server.handle({ ...ok, id: 8, op: 'get', args: ['a', false] });
  expect(got).toMatchObject({ id: 8, ok: true, result: { value: { kind: 'string' } } });
});

test('each cache name gets its own disk tier, opened once with the options first sent', async () => {
  const opened: string[] = [];
  const server = new RpcServer((o) => {
    opened.push(`${o.name}:${o.maxBytes}`);
    return new MapDisk(o.name);
  });
  await server.handle({ ...ok, name: 'one', op: 'ping', args: [], disk: { maxBytes: 100 } });
  await server.handle({ ...ok, name: 'two', op: 'ping', args: [], disk: { maxBytes: 200 } });
  await server.handle({ ...ok, name: 'one', op: 'ping', args: [], disk: { maxBytes: 999 } });
  expect(opened).toEqual(['one:100', 'two:200']);
});

test('the server reports what is on disk once it is: stored keys of set/setMany, deleted keys, clears; not refused writes', async () => {
  const stored: [string, string[] | undefined][] = [];
  let disk: MapDisk | undefined;
  const writers: (string | undefined)[] = [];
  const server = new RpcServer(
    (o) => (disk = new MapDisk(o.name)),
    [],
    undefined,
    (name, keys, from) => {
      stored.push([name, keys]);
      writers.push(from);
    },
  );
  const value = { kind: 'string' as const, bytes: new TextEncoder().encode('v') };
  await server.handle({ ...ok, op: 'setMany', args: [[{ key: 'a', value }, { key: 'b', value }]] });
  await server.handle({ ...ok, from: 'page-1', op: 'set', args: [{ key: 'c', value }] });
  await server.handle({ ...ok, op: 'delete', args: ['a'] });
  await server.handle({ ...ok, op: 'clear', args: [] });
  disk!.refuse = true;
  await server.handle({ ...ok, op: 'setMany', args: [[{ key: 'd', value }]] });
  await server.handle({ ...ok, op: 'set', args: [{ key: 'e', value }] });
  await server.handle({ ...ok, op: 'get', args: ['b', false] });
  expect(stored).toEqual([
    [ok.name, ['a', 'b']],
    [ok.name, ['c']],
    [ok.name, ['a']],
    [ok.name, undefined],
  ]);
  expect(writers).toEqual([undefined, 'page-1', undefined, undefined]); // the asking page, when it said
});

test('message.from, when present, is a short string', () => {
  expect(parseRequest({ ...ok, op: 'ping', args: [], from: 'abc' }).ok).toBe(true);
  for (const from of [5, 'x'.repeat(65), null]) expect(parseRequest({ ...ok, op: 'ping', args: [], from }).ok).toBe(false);
});

test('only messages with a tiercache field are tiercache messages: the app’s own are left alone', () => {
  expect(isTiercacheMessage({ tiercache: 1, id: 1, op: 'ping', name: 'x', args: [] })).toBe(true);
  expect(isTiercacheMessage({ tiercache: 2 })).toBe(true); // ours, wrong version: answered with a protocol error
  for (const foreign of ['hello', null, undefined, 42, { type: 'GET_VERSION' }, { type: 'SKIP_WAITING' }, ['tiercache']]) {
    expect(isTiercacheMessage(foreign)).toBe(false);
  }
});

test("clear's [true] reaches the disk tier as { shred: true }, [] as { shred: false }", async () => {
  const seen: unknown[] = [];
  const server = new RpcServer((o) => Object.assign(new MapDisk(o.name), { clear: async (options: unknown) => void seen.push(options) }));
  await server.handle({ ...ok, op: 'clear', args: [true] });
  await server.handle({ ...ok, op: 'clear', args: [] });
  expect(seen).toEqual([{ shred: true }, { shred: false }]);
});
