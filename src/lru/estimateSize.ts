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
  if (value === undefined) throw new TypeError(`value is undefined, which has no size; ${HINT}`);
  const budget = { nodes: MAX_ESTIMATE_NODES };
  return walk(value, 'value', 0, budget);
}

function walk(value: unknown, path: string, depth: number, budget: { nodes: number }): number {
  if (--budget.nodes < 0) {
    throw new TypeError(`value has more than ${MAX_ESTIMATE_NODES} nodes to size; ${HINT}`);
  }
  switch (typeof value) {
    case 'string':
      return value.length * 2;
    case 'number':
      return 8;
    case 'boolean':
      return 4;
    case 'object': {
      if (value === null) return 0;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      if (depth >= MAX_ESTIMATE_DEPTH) {
        throw new TypeError(`${path} is nested deeper than ${MAX_ESTIMATE_DEPTH} levels (a cycle?); ${HINT}`);
      }
      if (Array.isArray(value)) {
        let bytes = OBJECT_HEADER + value.length * SLOT;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item !== undefined) bytes += walk(item, `${path}[${i}]`, depth + 1, budget);
        }
        return bytes;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name || 'object with a custom prototype';
        throw new TypeError(`${path} is a ${name}, which estimateSize cannot measure; ${HINT}`);
      }
      let bytes = OBJECT_HEADER;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const item: unknown = (value as Record<string, unknown>)[key];
        if (item === undefined) continue; // as JSON.stringify drops it
        bytes += SLOT + key.length * 2 + walk(item, `${path}.${key}`, depth + 1, budget);
      }
      return bytes;
    }
    default:
      throw new TypeError(`${path} is a ${typeof value}, which estimateSize cannot measure; ${HINT}`);
  }
}
