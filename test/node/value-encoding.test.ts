// encodeValue refuses what JSON would mangle, naming where, and round-trips the rest exactly.
import { describe, expect, test } from 'vitest';
import { decodeValue, encodeValue } from '../../src/value.ts';

describe('encodeValue refuses values JSON cannot carry, naming the offending part', () => {
  const cyclic: Record<string, unknown> = { a: { b: 1 } };
  (cyclic.a as Record<string, unknown>).self = cyclic;
  test.each([
    ['a function', { user: { onClick: () => 1 } }, /value\.user\.onClick is a function/],
    ['a symbol', [1, Symbol('s')], /value\[1\] is a symbol/],
    ['a bigint', { n: 10n }, /value\.n is a bigint/],
    ['NaN', { score: NaN }, /value\.score is NaN/],
    ['Infinity deep inside', { a: [{ b: [Infinity] }] }, /value\.a\[0\]\.b\[0\] is Infinity/],
    ['undefined in an array', [1, undefined], /value\[1\] is undefined/],
    ['a cycle', cyclic, /value\.a\.self is a cycle/],
    ['a Date', { at: new Date(0) }, /value\.at is a Date/],
    ['a Map', new Map(), /value is a Map/],
    ['undefined itself', undefined, /value is undefined/],
  ])('%s', (_name, value, message) => {
    expect(() => encodeValue(value)).toThrow(TypeError);
    expect(() => encodeValue(value)).toThrow(message);
  });

  test('a deep but acyclic value passes the exact check after the fast one gives up', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 400; i++) deep = { d: deep };
    expect(decodeValue(encodeValue(deep))).toEqual(deep);
  });

  test('a shared (acyclic) sub-object is not mistaken for a cycle', () => {
    const shared = { x: 1 };
    expect(decodeValue(encodeValue({ a: shared, b: [shared, shared] }))).toEqual({ a: { x: 1 }, b: [{ x: 1 }, { x: 1 }] });
  });
});

describe('encodeValue/decodeValue round-trip every kind', () => {
  test('JSON, strings, ArrayBuffer, typed arrays and DataView', () => {
    const json = { id: 1, tags: ['a', 'b'], nested: { ok: true, none: null }, proto: Object.create(null) as object };
    expect(decodeValue(encodeValue(json))).toEqual(JSON.parse(JSON.stringify(json)));
    expect(decodeValue(encodeValue('héllo ✓'))).toBe('héllo ✓');
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    expect(new Uint8Array(decodeValue(encodeValue(buffer)) as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    const floats = new Float64Array([1.5, -2]);
    const back = decodeValue(encodeValue(floats));
    expect(back).toBeInstanceOf(Float64Array);
    expect(back).toEqual(floats);
    const view = new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2);
    const backView = decodeValue(encodeValue(view)) as DataView;
    expect(backView).toBeInstanceOf(DataView);
    expect([backView.getUint8(0), backView.getUint8(1)]).toEqual([8, 7]);
  });

  test('the encoded bytes are a copy: mutating the source afterwards changes nothing', () => {
    const source = new Uint8Array([1, 2, 3]);
    const encoded = encodeValue(source);
    source[0] = 99;
    expect(Array.from(encoded.bytes)).toEqual([1, 2, 3]);
  });

  test('a typed array whose bytes are not a whole number of elements is refused on decode', () => {
    expect(() => decodeValue({ kind: 'Float64Array', bytes: new Uint8Array(5) })).toThrow(/multiple of 8/);
  });
});
