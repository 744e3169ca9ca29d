// The default size of a value in the in-page LRU: an estimate of the memory it holds, in bytes.
// Deterministic and cheap; never measured from the heap (nothing in JS can do that per value).

/** A JSON-like value with more nodes than this is not walked: pass a size instead. */
export const MAX_ESTIMATE_NODES = 100_000;
/** Deeper nesting than this is refused (it is almost always a cycle). */
export const MAX_ESTIMATE_DEPTH = 256;

const OBJECT_HEADER = 16;
const SLOT = 8;

const HINT = 'pass { size } to set() or a sizeOf option';

/**
 * Estimates the bytes a value holds:
 * - strings: 2 bytes per UTF-16 code unit (the upper bound of V8's string storage);
 * - `ArrayBuffer`, typed arrays and `DataView`: `byteLength` (a view counts only its window);
 * - numbers 8, booleans 4, null 0;
 * - plain objects and arrays (JSON-like): 16 per container + 8 per slot + property names as
 *   strings + the children, by a walk bounded to 100,000 nodes and 256 levels.
 *
 * Throws a TypeError for anything else (functions, symbols, bigint, undefined, class instances
 * such as Map or Date), for cycles, and for values past the walk's bounds; the message says
 * which part and how to pass a size instead.
 */
export function estimateSize(value: unknown): number {
  if (typeof value === 'string') return value.length * 2;
  let nodes = MAX_ESTIMATE_NODES;
  const walk = (value: unknown, path: string, depth: number): number => {
    if (--nodes < 0) throw new TypeError(`value has more than ${MAX_ESTIMATE_NODES} nodes to size; ${HINT}`);
    let kind: string = typeof value;
    if (kind === 'string') return (value as string).length * 2;
    if (kind === 'number') return 8;
    if (kind === 'boolean') return 4;
    if (value === null) return 0;
    if (kind === 'object') {
      const object = value as Record<string, unknown>;
      if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return object.byteLength;
      if (depth >= MAX_ESTIMATE_DEPTH) {
        throw new TypeError(`${path} is nested deeper than ${MAX_ESTIMATE_DEPTH} levels (a cycle?); ${HINT}`);
      }
      if (Array.isArray(object)) {
        let bytes = OBJECT_HEADER + object.length * SLOT;
        for (let i = 0; i < object.length; i++) {
          const item = object[i];
          if (item !== undefined) bytes += walk(item, `${path}[${i}]`, depth + 1);
        }
        return bytes;
      }
      const proto: unknown = Object.getPrototypeOf(object);
      if (proto === Object.prototype || proto === null) {
        let bytes = OBJECT_HEADER;
        for (const key in object) {
          const item = object[key];
          // Undefined properties are skipped, as JSON.stringify drops them.
          if (item !== undefined && Object.hasOwn(object, key)) bytes += SLOT + key.length * 2 + walk(item, `${path}.${key}`, depth + 1);
        }
        return bytes;
      }
      kind = (object.constructor as { name?: string } | undefined)?.name || 'object with a custom prototype';
    }
    throw new TypeError(`${path} is ${value === undefined ? kind : `a ${kind}`}, which estimateSize cannot measure; ${HINT}`);
  };
  return walk(value, 'value', 0);
}
