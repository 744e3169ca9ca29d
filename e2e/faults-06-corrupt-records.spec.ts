// Scenario 6: stored records corrupted behind the cache's back (random bytes, truncation, wrong
// types, a future format version, a deflate stream that inflates past its recorded size).
// Expected: each is a miss, is deleted and counted; nothing throws, nothing corrupt is served,
// healthy records beside them are still served, and the totals equal a full scan.
import { dbName, expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName, until } from './support/harness.ts';

const TAMPERED = ['random-bytes', 'truncated', 'body-not-bytes', 'record-not-object', 'wrong-kind', 'future-version', 'inflate-bomb'] as const;

test('corrupt records are misses, deleted and counted; never thrown, never served', async ({ context }) => {
  const name = uniqueName('corrupt');
  const writer = await openPage(context, { sw: false });
  await writer.evaluate(
    async ({ name, keys }) => {
      const cache = window.tc.make('w', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 8 << 20 } });
      // Compressible text (stored deflated) and incompressible bytes (stored raw).
      for (const key of [...keys, 'healthy-text']) await cache.set(key, `${key} `.repeat(400));
      await cache.set('healthy-bytes', window.tc.randomBytes(4096, 7));
      cache.close();
    },
    { name, keys: [...TAMPERED] },
  );
  await writer.close();

  // Tamper with the records directly, the way a disk fault, an old build or an attacker would.
  const tamperPage = await openPage(context, { sw: false });
  await tamperPage.evaluate(
    async ({ db }) => {
      const req = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const adler32 = (bytes: Uint8Array) => {
        let a = 1;
        let b = 0;
        for (const x of bytes) {
          a = (a + x) % 65521;
          b = (b + a) % 65521;
        }
        return ((b << 16) | a) >>> 0;
      };
      // A deflate stream of 1 MiB of zeros: about 1 KiB stored, recorded as 100 bytes raw.
      const bombStream = new Blob([new Uint8Array(1 << 20)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      const bomb = new Uint8Array(await new Response(bombStream).arrayBuffer());

      await window.tc.raw(db, async (conn) => {
        const tx = conn.transaction(['meta', 'bodies', 'state'], 'readwrite');
        const meta = tx.objectStore('meta');
        const bodies = tx.objectStore('bodies');
        type Change = { meta?: Record<string, unknown>; body?: unknown; whole?: unknown };
        const edit = async (key: string, change: (m: Record<string, unknown>, body: ArrayBuffer) => Change) => {
          const m = (await req(meta.get(key))) as Record<string, unknown>;
          const stored: unknown = await req(bodies.get(key));
          // The body store holds the bytes (these bodies are under 8 KiB: no Blob), or, as
          // tiercache 0.1 wrote them, { record, body } with a copy of the meta as written.
          const wrapped = !(stored instanceof ArrayBuffer);
          const body = (wrapped ? (stored as { body: ArrayBuffer }).body : stored) as ArrayBuffer;
          const out = change({ ...m }, body);
          const newMeta = out.meta ?? m;
          const newBody = 'body' in out ? out.body : body;
          meta.put(newMeta);
          if ('whole' in out) bodies.put(out.whole, key);
          else bodies.put(wrapped ? { ...(stored as object), record: newMeta, body: newBody } : newBody, key);
        };
        await edit('random-bytes', (m, body) => ({ body: window.tc.randomBytes(body.byteLength, 99).buffer }));
        await edit('truncated', (m, body) => ({ body: body.slice(0, body.byteLength >> 1) }));
        await edit('body-not-bytes', () => ({ body: 'not an ArrayBuffer' }));
        await edit('record-not-object', () => ({ whole: 42 }));
        await edit('wrong-kind', (m) => ({ meta: { ...m, kind: 42 } }));
        await edit('future-version', (m) => ({ meta: { ...m, v: 99 } }));
        await edit('inflate-bomb', (m) => ({
          meta: { ...m, codec: 'deflate', rawBytes: 100, storedBytes: bomb.byteLength, checksum: adler32(bomb) },
          body: bomb.buffer,
        }));
        // Keep the totals record in step with the edited metas (a consistent but wrong record,
        // as a buggy older build would leave), so the test checks the tier's bookkeeping, not ours.
        const metas = (await req(meta.getAll())) as { rawBytes: number; storedBytes: number }[];
        const state = tx.objectStore('state');
        const totals = (await req(state.get('totals'))) as Record<string, number>;
        state.put(
          {
            ...totals,
            entries: metas.length,
            rawBytes: metas.reduce((n, r) => n + r.rawBytes, 0),
            storedBytes: metas.reduce((n, r) => n + r.storedBytes, 0),
          },
          'totals',
        );
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onabort = () => reject(tx.error);
        });
      });
    },
    { db: dbName(name) },
  );
  await tamperPage.close();

  // A fresh page: empty memory tier, every read goes to disk.
  const reader = await openPage(context, { sw: false });
  const read = await reader.evaluate(
    async ({ name, keys }) => {
      const cache = window.tc.make('r', { name, memory: { maxEntries: 100 }, disk: { maxBytes: 8 << 20 } });
      const values: Record<string, unknown> = {};
      const threw: string[] = [];
      for (const key of keys) {
        try {
          values[key] = await cache.get(key);
        } catch (err) {
          threw.push(`${key}: ${String(err)}`);
        }
      }
      const healthyText = await cache.get('healthy-text');
      const healthyBytes = await cache.get('healthy-bytes');
      return {
        values,
        threw,
        healthyText: healthyText === `${'healthy-text'} `.repeat(400),
        healthyBytes: window.tc.sameBytes(healthyBytes, window.tc.randomBytes(4096, 7)),
      };
    },
    { name, keys: [...TAMPERED] },
  );
  expect(read.threw).toEqual([]);
  for (const key of TAMPERED) expect(read.values[key], `${key} is a miss`).toBeUndefined();
  expect(read.healthyText && read.healthyBytes, 'healthy records are still served').toBe(true);

  // Each corrupt record is deleted and counted; healthy ones stay; the totals still add up.
  const isTampered = (key: string) => (TAMPERED as readonly string[]).includes(key);
  await until(async () => (await scan(reader, name)).records.every((r) => !isTampered(r.key)), 'the corrupt records to be deleted', 8000).catch(
    () => undefined, // the assertion below names what is left
  );
  const after = await scan(reader, name);
  expect(after.records.map((r) => r.key).sort(), 'records left on disk').toEqual(['healthy-bytes', 'healthy-text']);
  expectConsistent(after);
  expect(after.corrupt, 'corrupt counter stored in the database').toBe(TAMPERED.length);
  const reported = await reader.evaluate(async () => {
    const inspect = await window.tc.caches.r!.inspect();
    return { corrupt: inspect.disk.corrupt, errors: window.tc.errors.r ?? [] };
  });
  expect(reported.corrupt, 'inspect().disk.corrupt').toBe(TAMPERED.length);
  expect(reported.errors.filter((e) => e.code === 'corrupt').length, "'corrupt' error events").toBeGreaterThanOrEqual(TAMPERED.length);

  // Reading them again is a plain miss: nothing left to report.
  const again = await reader.evaluate(async (keys) => Promise.all(keys.map((k) => window.tc.caches.r!.get(k))), [...TAMPERED]);
  expect(again.every((v) => v === undefined)).toBe(true);
  await expectNoRejections(reader);
});
