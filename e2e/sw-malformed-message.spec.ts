import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test('malformed tiercache messages to the worker get protocol error replies and the worker keeps serving', async ({ page }) => {
  await openControlled(page);
  const replies = await page.evaluate(async () => {
    const ask = (message: unknown) =>
      new Promise<unknown>((resolve) => {
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e) => resolve(e.data);
        navigator.serviceWorker.controller!.postMessage(message, [port2]);
      });
    return Promise.all([
      ask({ tiercache: 1, op: 'ping' }), // ours (a tiercache field) but no id
      ask({ tiercache: 1, id: 1, op: 'explode', name: 'e2e', args: [] }),
      ask({ tiercache: 1, id: 2, op: 'set', name: 'e2e', args: [{ key: 'k', value: { kind: 'json', bytes: 'not bytes' } }] }),
      ask({ tiercache: 1, id: 3, op: 'get', name: '../../etc', args: ['k', false] }),
      ask({ tiercache: 1, id: 4, op: 'ping', name: 'e2e', args: [] }),
    ]);
  });
  for (const reply of replies.slice(0, 4)) {
    expect(reply).toMatchObject({ ok: false, error: { code: 'protocol' } });
  }
  expect(replies[1]).toMatchObject({ id: 1, error: { message: expect.stringContaining('explode') } });
  expect(replies[4]).toEqual({ tiercache: 1, id: 4, ok: true, result: true });
  await page.evaluate(() => window.cache.set('after', 'still fine'));
  expect(await page.evaluate(() => window.cache.get('after'))).toBe('still fine');
});
