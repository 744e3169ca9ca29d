// DiskTier options: defaults, and a precise TypeError/RangeError for each bad option.
import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_BYTES, resolveOptions } from '../../src/disk/options.ts';
import type { DiskTierOptions } from '../../src/diskContract.ts';

describe('resolveOptions', () => {
  test('fills the documented defaults', () => {
    const o = resolveOptions({ name: 'x' });
    expect(o).toMatchObject({ name: 'x', maxBytes: DEFAULT_MAX_BYTES, lowWater: 0.9, maxEntryBytes: DEFAULT_MAX_BYTES / 4, compress: { minBytes: 1024, level: 6 }, persist: false, openTimeoutMs: 3000 });
    expect(o.now).toBe(Date.now);
    expect(resolveOptions({ name: 'x', maxBytes: 1000 }).maxEntryBytes).toBe(250);
    expect(resolveOptions({ name: 'x', compress: false }).compress).toBe(false);
    expect(resolveOptions({ name: 'x', compress: { level: 1 } }).compress).toEqual({ minBytes: 1024, level: 1, dictionary: true });
  });

  const bad: [string, unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['no options', undefined, TypeError, /needs options/],
    ['empty name', { name: '' }, TypeError, /name/],
    ['non-string name', { name: 3 }, TypeError, /name/],
    ['string maxBytes', { name: 'x', maxBytes: '5' }, TypeError, /maxBytes must be a number/],
    ['zero maxBytes', { name: 'x', maxBytes: 0 }, RangeError, /maxBytes/],
    ['Infinity maxBytes', { name: 'x', maxBytes: Infinity }, RangeError, /maxBytes/],
    ['NaN maxBytes', { name: 'x', maxBytes: NaN }, RangeError, /maxBytes/],
    ['lowWater above 1', { name: 'x', lowWater: 1.5 }, RangeError, /lowWater/],
    ['negative lowWater', { name: 'x', lowWater: -0.1 }, RangeError, /lowWater/],
    ['negative maxEntryBytes', { name: 'x', maxEntryBytes: -1 }, RangeError, /maxEntryBytes/],
    ['compress true', { name: 'x', compress: true }, TypeError, /compress/],
    ['level 10', { name: 'x', compress: { level: 10 } }, RangeError, /level/],
    ['fractional level', { name: 'x', compress: { level: 1.5 } }, RangeError, /level/],
    ['negative minBytes', { name: 'x', compress: { minBytes: -1 } }, RangeError, /minBytes/],
    ['string persist', { name: 'x', persist: 'yes' }, TypeError, /persist/],
    ['zero openTimeoutMs', { name: 'x', openTimeoutMs: 0 }, RangeError, /openTimeoutMs/],
    ['non-function now', { name: 'x', now: 5 }, TypeError, /now/],
  ];
  for (const [label, options, Error, message] of bad) {
    test(`${label} is a ${Error.name}`, () => {
      expect(() => resolveOptions(options as DiskTierOptions)).toThrow(Error);
      expect(() => resolveOptions(options as DiskTierOptions)).toThrow(message);
    });
  }
});
