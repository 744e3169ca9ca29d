// Weak second chance (weak: true): an object value evicted for room is kept as a WeakRef; get
// brings it back while the app still holds it (counted in weakHits); a FinalizationRegistry
// drops the WeakRef once the value is collected.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { MemoryLru, type LruEvictReason, type MemoryLruBounds } from '../../src/lru/index.ts';

function weakLru(options: MemoryLruBounds & { ttlMs?: number } = { maxEntries: 2 }) {
  let time = 0;
  const log: [string, LruEvictReason][] = [];
  const lru = new MemoryLru<unknown>({
    ...options,
    weak: true,
    now: () => time,
    onEvict: (k, _v, r) => log.push([k, r]),
  });
  return { lru, log, advance: (ms: number) => (time += ms) };
}

describe('MemoryLru weak second chance', () => {
  test('get returns an evicted object the app still holds, re-inserts it as newest, and counts a weak hit', () => {
    const { lru, log } = weakLru();
    const held = { id: 'a' };
    lru.set('a', held);
    lru.set('b', { id: 'b' });
    lru.set('c', { id: 'c' });
    expect(log).toEqual([['a', 'lru']]);
    expect(lru.has('a')).toBe(false); // has and peek look at resident entries only
    expect(lru.peek('a')).toBeUndefined();
    expect(lru.stats().weakEntries).toBe(1);
    expect(lru.get('a')).toBe(held);
    expect(lru.keys()).toEqual(['a', 'c']);
    expect(log).toEqual([['a', 'lru'], ['b', 'lru']]); // coming back made room the usual way
    expect(lru.stats()).toMatchObject({ hits: 1, misses: 0, weakHits: 1, weakEntries: 1 });
  });

  test('objects evicted by the byte budget get a second chance too, with their size', () => {
    const { lru } = weakLru({ maxBytes: 100 });
    const held = { id: 'a' };
    lru.set('a', held, { size: 60 });
    lru.set('b', { id: 'b' }, { size: 60 });
    expect(lru.get('a')).toBe(held);
    expect(lru.bytes).toBe(60);
    expect(lru.inspect().map((e) => [e.key, e.size])).toEqual([['a', 60]]);
  });

  test('a refused oversized set never lets get bring back the value it superseded', () => {
    const lru = new MemoryLru<object>({ maxBytes: 100, weak: true });
    const old = { v: 'old' };
    lru.set('k', old, { size: 10 });
    expect(lru.set('k', { v: 'big' }, { size: 1000 })).toBe(false);
    expect(lru.get('k')).toBeUndefined(); // `old` is still held here, so a WeakRef would have answered
    expect(old.v).toBe('old');
  });

  test('primitives cannot be held weakly: an evicted string is simply gone', () => {
    const { lru } = weakLru({ maxEntries: 1 });
    lru.set('s', 'text');
    lru.set('t', 'more');
    expect(lru.stats().weakEntries).toBe(0);
    expect(lru.get('s')).toBeUndefined();
    expect(lru.stats()).toMatchObject({ misses: 1, weakHits: 0 });
  });

  test('delete, set and clear drop the WeakRef: a deleted or replaced value never comes back', () => {
    const { lru } = weakLru({ maxEntries: 1 });
    const a = { v: 1 };
    lru.set('a', a);
    lru.set('x', {});
    expect(lru.delete('a')).toBe(false); // not resident, but its WeakRef goes
    expect(lru.get('a')).toBeUndefined();

    const b = { v: 2 };
    lru.set('b', b);
    lru.set('y', {}); // b is evicted and kept weakly
    const newer = { v: 3 };
    lru.set('b', newer); // a new value for b supersedes its WeakRef
    lru.set('z', {}); // and is itself evicted weakly
    expect(lru.get('b')).toBe(newer);

    const c = { v: 4 };
    lru.set('c', c);
    lru.set('d', {});
    lru.clear();
    expect(lru.get('c')).toBeUndefined();
    expect(lru.stats().weakEntries).toBe(0);
  });

  test('entries removed for TTL or by hand are not kept weakly, and an expired WeakRef is a miss', () => {
    const { lru, advance } = weakLru({ maxEntries: 1, ttlMs: 10 });
    const a = { v: 'a' };
    lru.set('a', a);
    lru.set('b', {}); // a evicted for room while fresh: kept weakly with its expiry
    advance(10);
    expect(lru.get('a')).toBeUndefined(); // its TTL passed while it was weak
    expect(lru.stats()).toMatchObject({ weakHits: 0, weakEntries: 0 });
    expect(lru.get('b')).toBeUndefined(); // expired while resident: removed for ttl
    expect(lru.stats().weakEntries).toBe(0);
    const m = { v: 'm' };
    lru.set('m', m);
    expect(lru.delete('m')).toBe(true);
    expect(lru.get('m')).toBeUndefined();
    expect(lru.stats().weakEntries).toBe(0);
  });

  test('a value that comes back keeps its original expiry', () => {
    const { lru, advance } = weakLru({ maxEntries: 1, ttlMs: 10 });
    const a = { v: 'a' };
    lru.set('a', a);
    lru.set('b', {});
    advance(6);
    expect(lru.get('a')).toBe(a);
    advance(4);
    expect(lru.get('a')).toBeUndefined();
  });

  test('without weak: true an evicted object is gone even while held', () => {
    const lru = new MemoryLru<object>({ maxEntries: 1 });
    const a = {};
    lru.set('a', a);
    lru.set('b', {});
    expect(lru.get('a')).toBeUndefined();
    expect(lru.stats()).toMatchObject({ weakHits: 0, weakEntries: 0 });
  });

  test('once the app drops an evicted value and it is collected, the FinalizationRegistry removes the WeakRef', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { lru } = weakLru({ maxEntries: 1 });
    const kept = { keep: true };
    (() => {
      lru.set('dropped', { big: new Array(1000).fill(1) });
    })();
    lru.set('kept', kept);
    lru.set('x', {}); // evicts kept weakly, while this test holds it
    expect(lru.stats().weakEntries).toBe(2);
    // Finalization callbacks run as tasks after a collection: collect, yield, repeat (bounded).
    for (let i = 0; i < 50 && lru.stats().weakEntries > 1; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(lru.stats().weakEntries).toBe(1);
    expect(lru.get('dropped')).toBeUndefined();
    expect(lru.get('kept')).toBe(kept);
  });
});
