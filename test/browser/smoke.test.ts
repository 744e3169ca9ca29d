import { expect, test } from 'vitest';
test('indexedDB is real in the browser project', async () => {
  const req = indexedDB.open('smoke-' + Math.random());
  const db = await new Promise<IDBDatabase>((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); });
  expect(db.name).toMatch(/^smoke-/);
  db.close();
});
