// estimateSize: the documented rules, exactly, and precise TypeErrors past them.
import { describe, expect, test } from 'vitest';
import { MAX_ESTIMATE_NODES, estimateSize } from '../../src/lru/index.ts';

describe('estimateSize', () => {
  test('strings cost 2 bytes per UTF-16 code unit', () => {
    expect(estimateSize('')).toBe(0);
    expect(estimateSize('hello')).toBe(10);
    expect(estimateSize('é😀')).toBe(6);
  });

  test('ArrayBuffer and views cost their byteLength (a view only its window)', () => {
    const buffer = new ArrayBuffer(1024);
    expect(estimateSize(buffer)).toBe(1024);
    expect(estimateSize(new Float64Array(10))).toBe(80);
    expect(estimateSize(new Uint8Array(buffer, 100, 24))).toBe(24);
    expect(estimateSize(new DataView(buffer, 0, 7))).toBe(7);
  });

  test('scalars: number 8, boolean 4, null 0', () => {
    expect(estimateSize(3.5)).toBe(8);
    expect(estimateSize(true)).toBe(4);
    expect(estimateSize(null)).toBe(0);
  });

  test('objects and arrays: 16 per container, 8 per slot, property names as strings, plus children', () => {
    expect(estimateSize({})).toBe(16);
    expect(estimateSize([])).toBe(16);
    expect(estimateSize({ id: 1 })).toBe(16 + 8 + 4 + 8);
    expect(estimateSize([1, 'ab', null])).toBe(16 + 3 * 8 + 8 + 4 + 0);
    expect(estimateSize({ a: { b: [true] } })).toBe(16 + (8 + 2 + (16 + (8 + 2 + (16 + 8 + 4)))));
    expect(estimateSize(Object.assign(Object.create(null), { x: 'y' }))).toBe(16 + 8 + 2 + 2);
  });

  test('undefined properties are skipped, as JSON.stringify does; undefined array items cost their slot only', () => {
    expect(estimateSize({ a: undefined, b: 1 })).toBe(16 + 8 + 2 + 8);
    expect(estimateSize([undefined])).toBe(16 + 8);
  });

  test('a larger value costs more: the estimate grows with content', () => {
    const small = { items: Array.from({ length: 10 }, (_, i) => ({ id: i, name: `item ${i}` })) };
    const large = { items: Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}` })) };
    expect(estimateSize(large)).toBeGreaterThan(9 * estimateSize(small));
  });

  test('a value with more nodes than the walk allows is a TypeError saying how to pass a size', () => {
    const wide = new Array(MAX_ESTIMATE_NODES).fill(1);
    expect(() => estimateSize(wide)).toThrow(TypeError);
    expect(() => estimateSize(wide)).toThrow(`value has more than ${MAX_ESTIMATE_NODES} nodes to size; pass { size } to set() or a sizeOf option`);
    expect(estimateSize(new Array(MAX_ESTIMATE_NODES - 1).fill(1))).toBe(16 + (MAX_ESTIMATE_NODES - 1) * 16);
  });

  test('top-level undefined and non-JSON values are TypeErrors naming the offending path', () => {
    expect(() => estimateSize(undefined)).toThrow(/^value is undefined/);
    expect(() => estimateSize({ list: [1, new Set()] })).toThrow(/^value\.list\[1\] is a Set/);
    expect(() => estimateSize({ f() {} })).toThrow(/^value\.f is a function/);
    class Point { x = 1; }
    expect(() => estimateSize(new Point())).toThrow(/^value is a Point/);
  });
});
