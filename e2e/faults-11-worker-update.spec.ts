// Scenario 11: a new worker version takes over while tabs are open and writing. The update is
// real: a registration under a new script URL ('/sw.js?v=2') installs a second worker, which
// asks to activate at once (skipWaiting) while the old one is still answering the writer tab.
// Expected: every write settles without a rejection, old and new versions coexist, and every
// record written before, during and after the update reads back exactly (no record is misread)
// in a tab opened afterwards, with totals equal to a full scan.
import { expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName, until } from './support/harness.ts';

const WRITES = 150;

test('a worker update while two tabs write: old and new versions coexist and every record reads back exactly', async ({ context }) => {
  const name = uniqueName('update');
  const writer = await openPage(context, { sw: true });
  const other = await openPage(context, { sw: true });
  const firstScript = await writer.evaluate(() => navigator.serviceWorker.controller!.scriptURL);

  // Tab A writes steadily (bytes, text and JSON, so every codec path is read back).
  const writing = writer.evaluate(
    async ({ name, WRITES }) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 20 }, disk: { maxBytes: 8 << 20 } });
      const controllers = new Set<string>();
      for (let i = 0; i < WRITES; i++) {
        const value = i % 3 === 0 ? window.tc.randomBytes(2048, i + 1) : i % 3 === 1 ? `text ${i} `.repeat(200) : { i, list: [i, i * 2] };
        await cache.set(`k${i}`, value);
        controllers.add(navigator.serviceWorker.controller?.scriptURL ?? 'none');
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20));
      }
      return { controllers: [...controllers], errors: window.tc.errors.c ?? [] };
    },
    { name, WRITES },
  );

  // Tab B installs the new version mid-way.
  await until(async () => ((await scan(other, name)).records.length >= 20 ? true : undefined), 'the first writes');
  await other.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js?v=2', { type: 'module' });
  });
  const written = await writing;
  // Old and new coexist: the new version is installed (waiting or already active) beside the old.
  const versions = await other.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return [reg?.installing, reg?.waiting, reg?.active].map((w) => (w ? `${w.scriptURL} ${w.state}` : ''));
  });
  expect(versions.some((v) => v.includes('?v=2')), `the new version was installed: ${versions.join(' | ')}`).toBe(true);
  expect(firstScript).not.toMatch(/\?v=2$/);
  test.info().annotations.push({ type: 'worker versions after the writes', description: `${versions.join(' | ')}; the writer used ${written.controllers.join(', ')}` });
  expect(
    written.errors.every((e) => ['timeout', 'closed', 'protocol'].includes(e.code)),
    `only the worker switch may be reported: ${JSON.stringify(written.errors)}`,
  ).toBe(true);

  // The other tab reads everything back through a new cache (empty memory tier), through
  // whichever worker controls it now.
  const reader = other;
  const wrong = await reader.evaluate(
    async ({ name, WRITES }) => {
      const cache = window.tc.make('r', { name, memory: { maxEntries: 5 }, disk: { maxBytes: 8 << 20 } });
      const bad: string[] = [];
      for (let i = 0; i < WRITES; i++) {
        const got = await cache.get(`k${i}`);
        const ok =
          i % 3 === 0
            ? window.tc.sameBytes(got, window.tc.randomBytes(2048, i + 1))
            : i % 3 === 1
              ? got === `text ${i} `.repeat(200)
              : JSON.stringify(got) === JSON.stringify({ i, list: [i, i * 2] });
        if (!ok) bad.push(`k${i}`);
      }
      return bad;
    },
    { name, WRITES },
  );
  expect(wrong, 'records missing or misread after the update').toEqual([]);
  const records = await scan(reader, name);
  expect(records.records).toHaveLength(WRITES);
  expectConsistent(records);
  for (const page of [writer, other]) await expectNoRejections(page);
});
