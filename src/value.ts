// Values to bytes and back. Runs in the page (before a value crosses to the worker) and in the
// worker; imports nothing heavy. Accepted: JSON-compatible values, strings, ArrayBuffer, typed
// arrays and DataView. Anything else is a TypeError and nothing is stored.
import type { EncodedValue, ValueKind } from './diskContract.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const VIEW_KINDS = {
  DataView,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type ViewKind = keyof typeof VIEW_KINDS;

function viewKind(value: ArrayBufferView): ViewKind | undefined {
  const name = value.constructor?.name;
  return name && Object.hasOwn(VIEW_KINDS, name) ? (name as ViewKind) : undefined;
}

/** Past this depth the fast check hands over to the exact one (which also tells cycles from depth). */
const FAST_DEPTH = 256;

/**
 * True when `value` is plainly JSON: plain objects, arrays, strings, finite numbers, booleans and
 * null, no `undefined` in arrays, nested at most FAST_DEPTH deep. Builds no path strings and keeps
 * no visited set (a cycle shows up as depth), so checking a value costs a fraction of stringifying it.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= FAST_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined || !isPlainJson(item, depth + 1)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined && !isPlainJson(item, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Checks that `value` survives JSON round-tripping unchanged in meaning: plain objects, arrays,
 * strings, finite numbers, booleans and null. Throws a TypeError naming the path of the first
 * offending part (functions, symbols, bigint, undefined inside arrays, cycles, class instances).
 */
export function assertJsonValue(value: unknown): void {
  if (!isPlainJson(value, 0)) explainJsonValue(value, 'value', new Set());
}

/** The exact, slower check: throws the TypeError that names what is wrong and where. */
function explainJsonValue(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot represent`);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new TypeError(`${path} is a cycle: values must be trees, not graphs`);
      const proto = Object.getPrototypeOf(value);
      if (Array.isArray(value)) {
        seen.add(value);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new TypeError(`${path}[${i}] is undefined, which JSON cannot represent`);
          explainJsonValue(item, `${path}[${i}]`, seen);
        }
        seen.delete(value);
        return;
      }
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as object).constructor?.name ?? 'an object with a custom prototype';
        throw new TypeError(`${path} is a ${name}: only plain objects, arrays, strings, numbers, booleans, null, ArrayBuffer and typed arrays are cacheable`);
      }
      seen.add(value);
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue; // JSON drops undefined properties, as JSON.stringify does
        explainJsonValue(item, `${path}.${key}`, seen);
      }
      seen.delete(value);
      return;
    }
    default:
      throw new TypeError(`${path} is a ${typeof value}, which cannot be cached`);
  }
}

/** Encodes a value to bytes. Throws TypeError for values that cannot be cached; never stores anything. */
export function encodeValue(value: unknown): EncodedValue {
  if (typeof value === 'string') return { kind: 'string', bytes: encoder.encode(value) };
  if (value instanceof ArrayBuffer) return { kind: 'ArrayBuffer', bytes: new Uint8Array(value.slice(0)) };
  if (ArrayBuffer.isView(value)) {
    const kind = viewKind(value);
    if (!kind) throw new TypeError(`value is a ${value.constructor?.name}, which cannot be cached`);
    const copy = new Uint8Array(value.byteLength);
    copy.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return { kind, bytes: copy };
  }
  if (value === undefined) throw new TypeError('value is undefined: delete the key instead');
  assertJsonValue(value);
  return { kind: 'json', bytes: encoder.encode(JSON.stringify(value)) };
}

/** Decodes bytes written by encodeValue. Throws TypeError on an unknown kind or malformed JSON. */
export function decodeValue(encoded: { kind: ValueKind; bytes: Uint8Array }): unknown {
  const { kind, bytes } = encoded;
  switch (kind) {
    case 'string':
      return decoder.decode(bytes);
    case 'json':
      return JSON.parse(decoder.decode(bytes));
    case 'ArrayBuffer':
      return bytes.slice().buffer;
    case 'response':
      return bytes;
    default: {
      if (!Object.hasOwn(VIEW_KINDS, kind)) throw new TypeError(`unknown value kind ${String(kind)}`);
      const View = VIEW_KINDS[kind as ViewKind];
      const buffer = bytes.slice().buffer;
      if (View === DataView) return new DataView(buffer);
      const width = (View as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      if (buffer.byteLength % width !== 0) throw new TypeError(`${kind} bytes are not a multiple of ${width}`);
      return new (View as unknown as new (b: ArrayBuffer) => ArrayBufferView)(buffer);
    }
  }
}
