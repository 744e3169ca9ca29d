import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('the worker announces writes once they are on disk, even when the page that asked closed at once', async ({ page }) => {
  await openControlled(page);
  const heard = await page.evaluate(async () => {
    const name = `stored-${Date.now().toString(36)}`;
    const messages: { from: string; type: string; key?: string; keys?: string[] }[] = [];
    const spy = new BroadcastChannel(`tiercache:${name}`);
    spy.onmessage = (e) => messages.push(e.data);
    const cache = window.createCache({ name, memory: { maxEntries: 10 } });
    await cache.set('warm', 1); // the worker is answering
    const mode = cache.mode;
    await new Promise((r) => setTimeout(r, 100)); // the worker's announcement of it has arrived
    const ownCopyKept = cache.peek('warm') === 1; // it named this cache as the writer: ignored here
    messages.length = 0;
    void cache.set('k', 'v');
    cache.close(); // the page side goes away; the worker still stores and announces
    for (let i = 0; i < 100 && !messages.some((m) => m.from === 'sw' && m.type === 'stored'); i++) await new Promise((r) => setTimeout(r, 20));
    spy.close();
    return { mode, ownCopyKept, messages: messages.map((m) => `${m.from === 'sw' ? 'sw' : 'page'}:${m.type}:${(m.keys ?? (m.key === undefined ? [] : [m.key])).join(',')}`) };
  });
  expect(heard.mode).toBe('worker');
  expect(heard.ownCopyKept).toBe(true);
  // Announced when made, and by the worker once stored (messages of two senders: any order).
  expect(heard.messages).toEqual(expect.arrayContaining(['page:set:k', 'sw:stored:k']));
});
