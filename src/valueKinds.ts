// The kinds of value a tier stores as bytes (see value.ts): the one list the page, the disk
// tier, the codec and the page↔worker protocol check against.

/**
 * 'json' = UTF-8 JSON text; 'string' = UTF-8 text; 'ArrayBuffer' and the typed-array names = the
 * raw bytes of that view; 'response' = an HTTP response body with its `meta`.
 */
export const VALUE_KINDS = [
  'json',
  'string',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'response',
] as const;

export type ValueKind = (typeof VALUE_KINDS)[number];

const KNOWN: ReadonlySet<unknown> = new Set(VALUE_KINDS);

/** Whether `kind` is one this version writes (a record of any other kind cannot be decoded). */
export function isValueKind(kind: unknown): kind is ValueKind {
  return KNOWN.has(kind);
}
