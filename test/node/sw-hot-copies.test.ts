// The worker's hot copies (HotDisk) over a Map-backed disk: hits skip the disk, writes go to
// disk first, forget/clear and disk evictions drop copies, expiry is honoured.
import { expect, test } from 'vitest';
import { HotDisk } from '../../src/sw/hotDisk.ts';
import { MapDisk } from './support/mapDisk.ts';

const response = (text: string) => ({
  kind: 'response' as const,
  bytes: new TextEncoder().encode(text),
  meta: { url: 'https://app.test/a', status: 200, statusText: 'OK', headers: [] as [string, string][] },
});

function setup() {
  let clock = 1000;
  const disk = new MapDisk('api', () => clock);
  let reads = 0;
  const get = disk.get.bind(disk);
  disk.get = (...a) => (reads++, get(...a));
  const hot = new HotDisk(disk, { maxBytes: 1 << 20, now: () => clock });
  return { disk, hot, reads: () => reads, advance: (ms: number) => void (clock += ms) };
}

test('a stored response is answered from the hot copy without a disk read', async () => {
  const s = setup();
  expect(await s.hot.set('a', response('v1'), { ttlMs: 10_000 })).toBe(true);
  expect(s.disk.records.has('a')).toBe(true); // on disk first
  const hit = await s.hot.get('a');
  expect(new TextDecoder().decode(hit!.value.bytes)).toBe('v1');
  expect(s.reads()).toBe(0);
});

test('a disk read fills the hot copy; forget, delete, clear and disk evictions drop it', async () => {
  const s = setup();
  await s.disk.set('a', response('v1'));
  await s.hot.get('a');
  await s.hot.get('a');
  expect(s.reads()).toBe(1);
  s.hot.forget('a');
  await s.disk.set('a', response('v2')); // written behind the worker's back (a page in page mode)
  expect(new TextDecoder().decode((await s.hot.get('a'))!.value.bytes)).toBe('v2');
  await s.hot.delete('a');
  expect(await s.hot.get('a')).toBeUndefined();
  await s.hot.set('b', response('b'));
  s.disk.dispatchEvent(new CustomEvent('evict', { detail: { key: 'b', tier: 'disk', reason: 'budget', bytes: 1 } }));
  expect(s.hot.size).toBe(0);
  await s.hot.set('c', response('c'));
  await s.hot.clear();
  expect(s.hot.size).toBe(0);
  expect(s.disk.records.size).toBe(0);
});

test('expired hot copies are misses unless allowStale, and then flagged stale', async () => {
  const s = setup();
  await s.hot.set('a', response('v1'), { ttlMs: 100 });
  s.advance(500);
  expect(await s.hot.get('a')).toBeUndefined();
  const stale = await s.hot.get('a', { allowStale: true });
  expect(stale?.stale).toBe(true);
});

test('a refused disk write leaves no hot copy; non-response values are never held', async () => {
  const s = setup();
  s.disk.refuse = true;
  expect(await s.hot.set('a', response('v1'))).toBe(false);
  expect(s.hot.size).toBe(0);
  s.disk.refuse = false;
  await s.hot.set('j', { kind: 'json', bytes: new TextEncoder().encode('{}') });
  expect(s.hot.size).toBe(0);
});

test('hits answered from hot copies count in stats().hits, once each', async () => {
  const s = setup();
  await s.hot.set('a', response('v1'));
  const before = (await s.hot.stats()).hits;
  await s.hot.get('a'); // hot
  await s.hot.get('a'); // hot
  s.advance(61_000);
  await s.hot.get('a'); // hot, and the background touch reads the disk: counted there, not twice
  await new Promise((r) => setTimeout(r, 0));
  expect((await s.hot.stats()).hits - before).toBe(3);
  expect(s.reads()).toBe(1);
});
