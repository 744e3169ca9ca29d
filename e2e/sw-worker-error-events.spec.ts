import { expect, test } from '@playwright/test';
import { openControlled } from './sw-helpers.ts';

test("faults in the worker's disk tier reach the page as error events; the get is a miss, not a rejection", async ({ page }) => {
  await openControlled(page);
  const result = await page.evaluate(async () => {
    const name = `worker-error-${Date.now().toString(36)}`;
    const writer = window.createCache({ name, memory: { maxEntries: 10 } });
    await writer.set('k', 'a value the worker stores compressed '.repeat(100));
    const writerMode = writer.mode;
    writer.close();
    // Flip one stored byte behind the worker's back (same origin: the page can open its database).
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tiercache:${name}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('bodies', 'readwrite');
      const bodies = tx.objectStore('bodies');
      const read = bodies.get('k');
      read.onsuccess = () => {
        const bytes = new Uint8Array((read.result as ArrayBuffer).slice(0)); // a small body: stored as bytes
        bytes[bytes.length >> 1]! ^= 0x40;
        bodies.put(bytes.buffer, 'k');
      };
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    db.close();

    const reader = window.createCache({ name, memory: { maxEntries: 10 } });
    const errors: { code: string; message: string }[] = [];
    reader.addEventListener('error', (e) => {
      const { error } = (e as CustomEvent).detail;
      errors.push({ code: error.code, message: error.message });
    });
    const value = await reader.get('k');
    for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const mode = reader.mode;
    reader.close();
    return { writerMode, mode, value: value ?? null, errors };
  });
  expect(result.writerMode).toBe('worker');
  expect(result.mode).toBe('worker');
  expect(result.value).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^service worker: record "k" failed its checksum check/) });
});
