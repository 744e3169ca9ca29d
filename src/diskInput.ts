// The argument checks of a disk tier's methods: a precise TypeError, and nothing changed.
import type { EncodedValue } from './diskContract.ts';
import { isValueKind } from './valueKinds.ts';

export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`key must be a string, got ${key === null ? 'null' : typeof key}`);
}

export function assertEncoded(value: unknown): asserts value is EncodedValue {
  if (typeof value !== 'object' || value === null) throw new TypeError('value must be an EncodedValue { kind, bytes, meta? } (see encodeValue)');
  const { kind, bytes } = value as EncodedValue;
  if (!isValueKind(kind)) throw new TypeError(`value.kind ${String(kind)} is not a known ValueKind`);
  if (!(bytes instanceof Uint8Array)) throw new TypeError('value.bytes must be a Uint8Array');
}
