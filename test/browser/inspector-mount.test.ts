// mountInspector (demo/inspector) on a real TierCache in Chromium (page mode: the test page has
// no service worker, so the page runs the disk tier on real IndexedDB): the tables, figures and
// eviction log follow the cache's events; actions work; destroy() leaves nothing behind.
import { afterEach, expect, test } from 'vitest';
import { createCache, type TierCache } from '../../src/index.ts';
import { mountInspector } from '../../demo/inspector/index.ts';

const opened: { cache: TierCache; host: HTMLElement }[] = [];
afterEach(async () => {
  for (const { cache, host } of opened.splice(0)) {
    await cache.clear().catch(() => undefined);
    cache.close();
    host.remove();
  }
});

function setup(maxEntries = 3) {
  const cache = createCache({ name: `inspector-${Math.random().toString(36).slice(2)}`, memory: { maxEntries }, disk: { maxBytes: 1 << 20 } });
  const host = document.createElement('div');
  document.body.append(host);
  opened.push({ cache, host });
  return { cache, host };
}

const value = (host: HTMLElement, id: string) => Number(host.querySelector(`[data-stat="${id}"]`)?.getAttribute('data-value'));
const rows = (host: HTMLElement, table: string) => [...host.querySelectorAll<HTMLTableRowElement>(`[data-testid="${table}"] tbody tr[data-key]`)];

test('tables and figures show both tiers and follow set() without polling', async () => {
  const { cache, host } = setup(3);
  const inspector = mountInspector(host, cache, { sampleMs: 60_000 });
  for (let i = 0; i < 5; i++) await cache.set(`user:${i}`, { id: i, name: `user ${i}`, bio: 'x'.repeat(400) });

  await expect.poll(() => rows(host, 'disk-table').length).toBe(5);
  await expect.poll(() => rows(host, 'memory-table').map((r) => r.dataset.key)).toEqual(['user:4', 'user:3', 'user:2']);
  expect(value(host, 'memory-entries')).toBe(3);
  expect(value(host, 'disk-entries')).toBe(5);
  expect(value(host, 'disk-stored')).toBeGreaterThan(0);
  expect(host.querySelector('[data-field="mode"]')?.getAttribute('data-value')).toBe('page');
  expect(host.querySelector('[data-field="controlled"]')?.textContent).toBe('no controlling worker');
  inspector.destroy();
});

test('memory evictions appear in the log with tier and reason, and the chips count them', async () => {
  const { cache, host } = setup(2);
  const inspector = mountInspector(host, cache, { sampleMs: 60_000 });
  for (let i = 0; i < 4; i++) await cache.set(`k${i}`, i);
  await expect.poll(() => rows(host, 'eviction-log').length).toBe(2);
  const cells = rows(host, 'eviction-log').map((r) => [...r.cells].slice(1, 4).map((c) => c.textContent));
  expect(cells).toEqual([
    ['memory', 'lru', 'k1'],
    ['memory', 'lru', 'k0'],
  ]);
  expect(host.querySelector('[data-reason="lru"]')?.textContent).toBe('lru 2');
  inspector.destroy();
});

test('trim() and clear() run from the controls and the views follow', async () => {
  const { cache, host } = setup(10);
  const inspector = mountInspector(host, cache, { sampleMs: 60_000 });
  for (let i = 0; i < 4; i++) await cache.set(`v${i}`, 'value '.repeat(100));
  await expect.poll(() => value(host, 'disk-entries')).toBe(4);

  (host.querySelector('[data-action="trim"]') as HTMLButtonElement).click();
  await expect.poll(() => host.querySelector('.tci-status')?.textContent ?? '').toMatch(/^trim\(\): evicted 0/);

  (host.querySelector('[data-action="clear"]') as HTMLButtonElement).click();
  await expect.poll(() => value(host, 'disk-entries')).toBe(0);
  expect(value(host, 'memory-entries')).toBe(0);
  expect(host.querySelector('[data-testid="disk-table"] tbody')?.textContent).toContain('The disk tier is empty.');
  inspector.destroy();
});

test('destroy() removes the view and stops listening', async () => {
  const { cache, host } = setup(1);
  const inspector = mountInspector(host, cache, { sampleMs: 60_000 });
  await inspector.refresh();
  expect(host.querySelector('.tci')).not.toBeNull();
  inspector.destroy();
  expect(host.childElementCount).toBe(0);
  await cache.set('a', 1);
  await cache.set('b', 2); // evicts 'a': nobody renders it
  await new Promise((r) => setTimeout(r, 300));
  expect(host.childElementCount).toBe(0);
  await expect(inspector.refresh()).resolves.toBeUndefined();
});

test('bad arguments are TypeErrors and RangeErrors, and nothing is mounted', () => {
  const { cache, host } = setup();
  expect(() => mountInspector(null as unknown as HTMLElement, cache)).toThrow(TypeError);
  expect(() => mountInspector(host, {} as TierCache)).toThrow(TypeError);
  expect(() => mountInspector(host, cache, { limit: 0 })).toThrow(RangeError);
  expect(() => mountInspector(host, cache, { sampleMs: 10 })).toThrow(RangeError);
  expect(host.childElementCount).toBe(0);
});

test('selecting a row (click or Enter) shows everything the tier knows about that entry', async () => {
  const { cache, host } = setup(5);
  const inspector = mountInspector(host, cache, { sampleMs: 60_000 });
  await cache.set('doc', { text: 'compress me '.repeat(500) }, { ttlMs: 60_000 });
  await expect.poll(() => rows(host, 'disk-table').length).toBe(1);
  const details = host.querySelector('[data-testid="entry-details"]') as HTMLElement;
  expect(details.hidden).toBe(true);

  rows(host, 'disk-table')[0]!.click();
  const fields = () => Object.fromEntries([...details.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
  expect(details.hidden).toBe(false);
  expect(fields()).toMatchObject({ Tier: 'disk', Key: 'doc', Kind: 'json', Codec: 'deflate' });
  expect(fields().Stored).toMatch(/×\d/);
  expect(fields().Expires).toMatch(/\(\d+ s\)$/);

  const memoryRow = rows(host, 'memory-table')[0]!;
  memoryRow.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  expect(fields()).toMatchObject({ Tier: 'memory', Key: 'doc', Hits: '0' });
  expect(host.querySelector('[data-testid="memory-table"] tr[aria-selected="true"]')?.getAttribute('data-key')).toBe('doc');

  (details.querySelector('button') as HTMLButtonElement).click();
  expect(details.hidden).toBe(true);
  inspector.destroy();
});
