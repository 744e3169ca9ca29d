// Two TierCaches of one name in one page stand in for two tabs: same BroadcastChannel name,
// separate memory tiers, one database.
import { afterEach, expect, test } from 'vitest';
import { createCache } from '../../src/index.ts';
import type { TierCache } from '../../src/client/TierCache.ts';
import type { ChangeDetail } from '../../src/types.ts';
import { uniqueName } from './client-support.ts';

const open: TierCache[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

function pair() {
  const name = uniqueName('coh');
  const a = createCache({ name, memory: { maxEntries: 100 } });
  const b = createCache({ name, memory: { maxEntries: 100 } });
  open.push(a, b);
  const changes = { a: [] as ChangeDetail[], b: [] as ChangeDetail[] };
  a.addEventListener('change', (e) => changes.a.push((e as CustomEvent<ChangeDetail>).detail));
  b.addEventListener('change', (e) => changes.b.push((e as CustomEvent<ChangeDetail>).detail));
  return { a, b, changes };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

test('a set in one cache drops the other cache memory copy, which then reads the new value', async () => {
  const { a, b, changes } = pair();
  await a.set('k', 1);
  expect(await b.get('k')).toBe(1);
  expect(b.peek('k')).toBe(1);
  await a.set('k', 2);
  expect(await until(() => b.peek('k') === undefined)).toBe(true);
  expect(await b.get('k')).toBe(2);
  expect(changes.b).toContainEqual({ type: 'set', key: 'k', origin: 'remote' });
  // No echo: the sender only saw its own local changes.
  expect(changes.a.every((c) => c.origin === 'local')).toBe(true);
});

test('delete and clear in one cache empty the other cache memory', async () => {
  const { a, b, changes } = pair();
  await Promise.all([a.set('x', 1), a.set('y', 2)]);
  expect(await b.get('x')).toBe(1);
  expect(await b.get('y')).toBe(2);
  await a.delete('x');
  expect(await until(() => b.peek('x') === undefined)).toBe(true);
  await a.clear();
  expect(await until(() => b.peek('y') === undefined)).toBe(true);
  expect(await b.get('y')).toBeUndefined();
  expect(changes.b.map((c) => c.type)).toEqual(['set', 'set', 'delete', 'clear']);
});
