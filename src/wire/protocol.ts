// The page ⇄ worker protocol: messages over a MessageChannel port.
//   request: { tiercache: 1, id, op, name, disk?, from?, args }
//   reply:   { id, ok: true, result } | { id, ok: false, error: { code, message } }
// Every incoming message is shape-checked here. The page (src/client) sends these messages and
// the worker (src/sw) answers them: this file belongs to neither side, and imports no runtime
// code of either, so neither bundle drags in the other.
import type { DiskTierOptions, EncodedValue, ResponseMeta, SetOptions } from '../diskContract.ts';
import type { CacheErrorCode } from '../errors.ts';
import { checkTtlMs } from '../ttl.ts';
import { isValueKind } from '../valueKinds.ts';

export const PROTOCOL_VERSION = 1;

export type DiskOp = 'ping' | 'get' | 'set' | 'setMany' | 'has' | 'delete' | 'clear' | 'list' | 'trim' | 'stats';
const DISK_OPS: readonly DiskOp[] = ['ping', 'get', 'set', 'setMany', 'has', 'delete', 'clear', 'list', 'trim', 'stats'];

/** The disk options a page sends along: the worker opens each cache name with its page's options. */
export type WireDiskOptions = Omit<DiskTierOptions, 'name' | 'now'>;

export interface SetEntry {
  key: string;
  value: EncodedValue;
  /** > 0; Infinity or omitted = never expires (the rule of ttl.ts). */
  ttlMs?: number;
}

/** The disk tier's set options for a wire entry: none when it never expires. */
export function entryOptions(entry: SetEntry): SetOptions {
  return entry.ttlMs === undefined || entry.ttlMs === Infinity ? {} : { ttlMs: entry.ttlMs };
}

export type RequestArgs = {
  ping: [];
  get: [key: string, allowStale: boolean];
  set: [entry: SetEntry];
  setMany: [entries: SetEntry[]];
  has: [key: string];
  delete: [key: string];
  clear: [] | [shred: true];
  list: [limit: number];
  trim: [];
  stats: [];
};

export interface RpcRequest<O extends DiskOp = DiskOp> {
  tiercache: typeof PROTOCOL_VERSION;
  id: number;
  op: O;
  name: string;
  disk?: WireDiskOptions;
  /** The asking page cache's coherence id: the worker's 'stored' announcements name it. */
  from?: string;
  args: RequestArgs[O];
}

export type RpcReply =
  | { tiercache: typeof PROTOCOL_VERSION; id: number; ok: true; result: unknown }
  | { tiercache: typeof PROTOCOL_VERSION; id: number; ok: false; error: { code: CacheErrorCode; message: string } };

/** Cache names become database names: printable, bounded. */
export const NAME_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

class ShapeError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ShapeError(message);
}
function isKey(v: unknown): v is string {
  return typeof v === 'string';
}
function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && !Number.isNaN(v);
}

function checkMeta(meta: unknown): ResponseMeta {
  need(isRecord(meta), 'value.meta must be an object');
  need(typeof meta.url === 'string', 'value.meta.url must be a string');
  need(Number.isInteger(meta.status), 'value.meta.status must be an integer');
  need(typeof meta.statusText === 'string', 'value.meta.statusText must be a string');
  need(
    Array.isArray(meta.headers) &&
      meta.headers.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string'),
    'value.meta.headers must be [name, value] string pairs',
  );
  return meta as unknown as ResponseMeta;
}

function checkEntry(entry: unknown, where: string): SetEntry {
  need(isRecord(entry), `${where} must be { key, value, ttlMs? }`);
  need(isKey(entry.key), `${where}.key must be a string`);
  const value = entry.value;
  need(isRecord(value), `${where}.value must be an EncodedValue`);
  need(isValueKind(value.kind), `${where}.value.kind is not a known kind`);
  need(value.bytes instanceof Uint8Array, `${where}.value.bytes must be a Uint8Array`);
  if (value.meta !== undefined) checkMeta(value.meta);
  try {
    checkTtlMs(entry.ttlMs, `${where}.ttlMs`);
  } catch (err) {
    throw new ShapeError((err as Error).message);
  }
  return entry as unknown as SetEntry;
}

function checkDiskOptions(disk: unknown): void {
  need(isRecord(disk), 'disk must be an object');
  for (const k of ['maxBytes', 'maxEntryBytes', 'openTimeoutMs'] as const) {
    need(disk[k] === undefined || (isNonNegative(disk[k]) && Number.isFinite(disk[k])), `disk.${k} must be a finite number >= 0`);
  }
  need(disk.lowWater === undefined || (typeof disk.lowWater === 'number' && disk.lowWater > 0 && disk.lowWater <= 1), 'disk.lowWater must be in (0, 1]');
  need(disk.compress === undefined || disk.compress === false || isRecord(disk.compress), 'disk.compress must be false or an object');
  need(disk.persist === undefined || typeof disk.persist === 'boolean', 'disk.persist must be a boolean');
}

/**
 * Whether a message posted to the worker claims to be tiercache's: an object with a `tiercache`
 * field. Anything else is the app's own messaging and is left alone (no reply, no error).
 */
export function isTiercacheMessage(data: unknown): boolean {
  return isRecord(data) && 'tiercache' in data;
}

/**
 * Checks a message's shape. Returns the typed request, or an error message and the id to
 * answer it with (-1 when the message has no usable id).
 */
export function parseRequest(data: unknown): { ok: true; request: RpcRequest } | { ok: false; id: number; message: string } {
  const id = isRecord(data) && Number.isSafeInteger(data.id) && (data.id as number) >= 0 ? (data.id as number) : -1;
  try {
    need(isRecord(data), 'message must be an object');
    need(data.tiercache === PROTOCOL_VERSION, `message.tiercache must be ${PROTOCOL_VERSION}`);
    need(id >= 0, 'message.id must be a non-negative integer');
    need(typeof data.op === 'string' && (DISK_OPS as readonly string[]).includes(data.op), `unknown op ${String(data.op)}`);
    need(typeof data.name === 'string' && NAME_PATTERN.test(data.name), 'message.name must match ' + String(NAME_PATTERN));
    if (data.disk !== undefined) checkDiskOptions(data.disk);
    need(data.from === undefined || (typeof data.from === 'string' && data.from.length <= 64), 'message.from must be a string of at most 64 characters');
    const args = data.args;
    need(Array.isArray(args), 'message.args must be an array');
    switch (data.op as DiskOp) {
      case 'clear':
        need(args.length === 0 || args[0] === true, 'clear takes [] or [true]');
        break;
      case 'ping':
      case 'trim':
      case 'stats':
        need(args.length === 0, `${String(data.op)} takes no arguments`);
        break;
      case 'get':
        need(args.length === 2 && isKey(args[0]) && typeof args[1] === 'boolean', 'get takes [key, allowStale]');
        break;
      case 'has':
      case 'delete':
        need(args.length === 1 && isKey(args[0]), `${String(data.op)} takes [key]`);
        break;
      case 'list':
        need(args.length === 1 && Number.isInteger(args[0]) && (args[0] as number) > 0, 'list takes [limit > 0]');
        break;
      case 'set':
        need(args.length === 1, 'set takes [entry]');
        checkEntry(args[0], 'args[0]');
        break;
      case 'setMany':
        need(args.length === 1 && Array.isArray(args[0]), 'setMany takes [entries]');
        (args[0] as unknown[]).forEach((e, i) => checkEntry(e, `args[0][${i}]`));
        break;
    }
    return { ok: true, request: data as unknown as RpcRequest };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, id, message: err.message };
    throw err;
  }
}

/** Checks a reply's shape (the page is as careful as the worker). */
export function isReply(data: unknown): data is RpcReply {
  if (!isRecord(data) || data.tiercache !== PROTOCOL_VERSION || !Number.isSafeInteger(data.id)) return false;
  if (data.ok === true) return 'result' in data;
  return data.ok === false && isRecord(data.error) && typeof data.error.code === 'string' && typeof data.error.message === 'string';
}
