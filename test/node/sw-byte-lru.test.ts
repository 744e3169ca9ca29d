// The worker's hot-copy LRU: bounded by bytes, least recently used out first.
import { expect, test } from 'vitest';
import { ByteLru } from '../../src/sw/byteLru.ts';

test('evicts the least recently used entries until the bytes fit', () => {
  const lru = new ByteLru<string>(100, 60);
  lru.set('a', 'A', 40);
  lru.set('b', 'B', 40);
  expect(lru.get('a')).toBe('A'); // a is now the most recent
  lru.set('c', 'C', 40);
  expect([lru.peek('a'), lru.peek('b'), lru.peek('c')]).toEqual(['A', undefined, 'C']);
  expect(lru.size).toBe(2);
});

test('refuses an entry over maxEntryBytes and drops the old value of its key', () => {
  const lru = new ByteLru<string>(100, 60);
  lru.set('a', 'A', 10);
  expect(lru.set('a', 'big', 61)).toBe(false);
  expect(lru.peek('a')).toBeUndefined();
});

test('delete and clear give the bytes back', () => {
  const lru = new ByteLru<string>(100, 100);
  lru.set('a', 'A', 100);
  lru.delete('a');
  lru.set('b', 'B', 100);
  expect(lru.peek('b')).toBe('B');
  lru.clear();
  expect(lru.size).toBe(0);
  lru.set('c', 'C', 100);
  expect(lru.peek('c')).toBe('C');
});
