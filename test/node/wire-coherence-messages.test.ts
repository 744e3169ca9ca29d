import { expect, test } from 'vitest';
import { channelName, parseCoherence } from '../../src/wire/coherence.ts';

test('the channel of a cache name is tiercache:<name>', () => {
  expect(channelName('api')).toBe('tiercache:api');
});

test('well-formed notices parse; anything else is ignored (undefined), never thrown', () => {
  expect(parseCoherence({ tiercache: 1, from: 'x', type: 'set', key: 'k' })).toMatchObject({ type: 'set' });
  expect(parseCoherence({ tiercache: 1, from: 'x', type: 'clear' })).toMatchObject({ type: 'clear' });
  expect(parseCoherence({ tiercache: 1, from: 'sw', type: 'update', key: 'k', url: 'https://a/b' })).toMatchObject({ url: 'https://a/b' });
  const evict = { key: 'k', tier: 'disk', reason: 'budget', bytes: 10 };
  expect(parseCoherence({ tiercache: 1, from: 'sw', type: 'evict', key: 'k', evict })).toMatchObject({ evict });
  expect(parseCoherence({ tiercache: 1, from: 'x', type: 'stored', keys: ['a', 'b'] })).toMatchObject({ keys: ['a', 'b'] });
  expect(parseCoherence({ tiercache: 1, from: 'x', type: 'stored' })).toMatchObject({ type: 'stored' }); // after a clear: every key
  expect(parseCoherence({ tiercache: 1, from: 'sw', type: 'stored', keys: ['a'], by: 'page-1' })).toMatchObject({ by: 'page-1' });
  expect(parseCoherence({ tiercache: 1, from: 'sw', type: 'error', error: { code: 'quota', message: 'm' } })).toMatchObject({ error: { code: 'quota' } });
  for (const bad of [
    null,
    'set',
    { tiercache: 2, from: 'x', type: 'set', key: 'k' },
    { tiercache: 1, type: 'set', key: 'k' },
    { tiercache: 1, from: 'x', type: 'drop', key: 'k' },
    { tiercache: 1, from: 'x', type: 'set' },
    { tiercache: 1, from: 'x', type: 'update', key: 'k', url: 5 },
    { tiercache: 1, from: 'sw', type: 'evict', key: 'k', evict: { ...evict, key: 'other' } },
    { tiercache: 1, from: 'sw', type: 'evict', key: 'k', evict: { ...evict, tier: 'memory' } },
    { tiercache: 1, from: 'x', type: 'stored', keys: ['a', 5] },
    { tiercache: 1, from: 'x', type: 'stored', keys: 'a' },
    { tiercache: 1, from: 'x', type: 'stored', key: 'a' },
    { tiercache: 1, from: 'sw', type: 'stored', keys: ['a'], by: 7 },
    { tiercache: 1, from: 'sw', type: 'error' },
    { tiercache: 1, from: 'sw', type: 'error', error: { code: 'nope', message: 'm' } },
    { tiercache: 1, from: 'sw', type: 'error', error: { code: 'quota', message: 5 } },
  ]) {
    expect(parseCoherence(bad)).toBeUndefined();
  }
});
