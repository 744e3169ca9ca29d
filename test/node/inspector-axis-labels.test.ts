// The inspector's chart axes (demo/inspector): an empty chart read "1 B, 1 B, 0 B".
import { expect, test } from 'vitest';
import { distinctLabels, formatBytes } from '../../demo/inspector/format.ts';

test('a label repeated by rounding is blanked, so no value appears at two heights', () => {
  expect(distinctLabels(['1 B', '1 B', '0 B'])).toEqual(['1 B', '', '0 B']);
  expect(distinctLabels(['0 B', '512 B', '1 KiB'])).toEqual(['0 B', '512 B', '1 KiB']);
});
