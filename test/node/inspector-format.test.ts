// The inspector's number formatting (demo/inspector/format.ts).
import { describe, expect, test } from 'vitest';
import { fill, formatBytes, formatCount, formatDuration, formatExpiry, formatPercent, formatRatio } from '../../demo/inspector/format.ts';

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [10 * 1024, '10.0 KiB'],
    [1024 * 1024 - 1, '1.00 MiB'],
    [5.25 * 1024 * 1024, '5.25 MiB'],
    [256 * 1024 * 1024, '256 MiB'],
    [10 * 1024 ** 3, '10.0 GiB'],
    [-2048, '-2.00 KiB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
  test('non-finite is a dash', () => {
    expect(formatBytes(NaN)).toBe('—');
    expect(formatBytes(Infinity)).toBe('—');
  });
});

describe('formatDuration and formatExpiry', () => {
  test.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1 s'],
    [59_999, '59 s'],
    [65_000, '1 m 05 s'],
    [3_600_000 + 20 * 60_000, '1 h 20 m'],
    [50 * 3_600_000, '2 d 2 h'],
    [-1500, '-1 s'],
    [Infinity, 'never'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  test('expiry counts down from now, and says expired once passed', () => {
    expect(formatExpiry(Infinity, 5)).toBe('never');
    expect(formatExpiry(10_000, 4_000)).toBe('6 s');
    expect(formatExpiry(4_000, 4_000)).toBe('expired');
    expect(formatExpiry(3_000, 4_000)).toBe('expired');
  });
});

describe('ratios, percentages, fill and counts', () => {
  test('formatRatio is raw over stored, a dash when nothing is stored', () => {
    expect(formatRatio(3400, 1000)).toBe('×3.4');
    expect(formatRatio(25_000, 1000)).toBe('×25');
    expect(formatRatio(1000, 1000)).toBe('×1.0');
    expect(formatRatio(0, 0)).toBe('—');
    expect(formatRatio(100, 0)).toBe('—');
  });
  test('formatPercent', () => {
    expect(formatPercent(0.4567)).toBe('45.7 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(NaN)).toBe('—');
  });
  test('fill clamps to [0, 1] and is 0 without a positive bound', () => {
    expect(fill(5, 10)).toBe(0.5);
    expect(fill(15, 10)).toBe(1);
    expect(fill(-1, 10)).toBe(0);
    expect(fill(5, undefined)).toBe(0);
    expect(fill(5, 0)).toBe(0);
    expect(fill(5, Infinity)).toBe(0);
  });
  test('formatCount groups thousands', () => {
    expect(formatCount(12_345_678)).toBe('12\u2009345\u2009678');
    expect(formatCount(999)).toBe('999');
  });
});
