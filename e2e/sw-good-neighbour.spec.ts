// The worker is a good neighbour (issue 16): a message that is not tiercache's gets no reply and
// no error, and the app's own listener in the same worker still answers it; tiercache's own
// records (the Vary pointers of its routes) are not visible through a page cache of the same name.
import { expect, test } from '@playwright/test';
import { openControlled, pageFetch } from './sw-helpers.ts';

test('a foreign message gets no reply from tiercache, and the app’s own worker listener still receives it', async ({ page }) => {
  await openControlled(page);
  const result = await page.evaluate(async () => {
    const worker = navigator.serviceWorker.controller!;
    const onPage: unknown[] = [];
    navigator.serviceWorker.addEventListener('message', (e) => onPage.push(e.data));
    const collect = (message: unknown, ms: number) =>
      new Promise<unknown[]>((resolve) => {
        const replies: unknown[] = [];
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e) => replies.push(e.data);
        worker.postMessage(message, [port2]);
        setTimeout(() => resolve(replies), ms);
      });
    const version = await collect({ type: 'GET_VERSION' }, 500); // the app's listener answers
    const other = await collect({ type: 'SOMETHING_ELSE' }, 500); // nobody answers
    const hello = await collect('hello', 500);
    worker.postMessage({ type: 'GET_VERSION' }); // no port: tiercache used to answer on the source
    await new Promise((r) => setTimeout(r, 500));
    return { version, other, hello, onPage };
  });
  expect(result.version).toEqual([{ type: 'VERSION', version: 'demo-1' }]);
  expect(result.other).toEqual([]);
  expect(result.hello).toEqual([]);
  expect(result.onPage).toEqual([]);
  // tiercache's own protocol is unaffected.
  await page.evaluate(() => window.cache.set('after', 'still fine'));
  expect(await page.evaluate(() => window.cache.get('after'))).toBe('still fine');
});

test('a page cache named like the route cache sees none of the routes’ records: no responses, no internal keys', async ({ page }) => {
  await openControlled(page);
  const url = '/api/vary?strategy=cache-first';
  const first = await pageFetch(page, url);
  expect(first).toMatchObject({ status: 200, xCache: 'MISS' });
  expect(await pageFetch(page, url)).toMatchObject({ status: 200, xCache: 'HIT' }); // stored, with its Vary selection
  const seen = await page.evaluate(async (path) => {
    const api = window.createCache({ name: 'api', memory: { maxEntries: 10 } });
    const base = location.origin + path;
    const stored = (await api.inspect({ limit: 1000 })).disk.entries.map((e) => e.key);
    const keys: string[] = [];
    for await (const key of api.keys()) keys.push(key);
    const entries: string[] = [];
    for await (const [key] of api.entries()) entries.push(key);
    const result = {
      stored,
      keys,
      entries,
      getBase: await api.get(base),
      hasBase: await api.has(base),
      setInternal: await api.set('tiercache:x', 1).then(() => 'stored', (e: Error) => e.name),
    };
    api.close();
    return result;
  }, url);
  // The worker did store the response under its URL, one record for its variants (so the test looks at something real)...
  expect(seen.stored).toContain(`${await page.evaluate(() => location.origin)}${url}`);
  // ...and the page API shows none of it, and refuses tiercache's own key space.
  expect(seen.keys).toEqual([]);
  expect(seen.entries).toEqual([]);
  expect(seen).toMatchObject({ getBase: undefined, hasBase: false, setInternal: 'TypeError' });
});
