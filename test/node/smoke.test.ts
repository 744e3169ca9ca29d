import { expect, test } from 'vitest';
import { CacheError } from '../../src/index.ts';
test('CacheError carries its code', () => { expect(new CacheError('quota', 'x').code).toBe('quota'); });
