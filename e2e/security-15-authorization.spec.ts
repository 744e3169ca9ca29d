// Scenario 15: requests carrying `Authorization`. Expected: not stored by default; with
// `allowAuthorized`, stored under a key partitioned by a hash of the credential, so one user's
// response is never another's; and the credential appears nowhere in storage: every IndexedDB
// record's keys, strings and bytes (inflated too) and Cache Storage are scanned for it.
// (sw-not-stored.spec.ts proves the worker side with a simpler scan; this adds page-mode
// `cache.fetch`, the default route refusing credentials, and the full byte scan.)
import type { Page } from '@playwright/test';
import { expect, expectNoRejections, fetchOk, openPage, scan, test, uniqueName } from './support/harness.ts';

const ALICE = 'Bearer alice-credential-7f3a9c';
const BOB = 'Bearer bob-credential-51d0e2';

async function grepCredentials(page: Page): Promise<{ needle: string; where: string }[]> {
  return page.evaluate((needles) => window.tc.grep(needles), ['alice-credential-7f3a9c', 'bob-credential-51d0e2', 'Bearer ']);
}

test('through the worker: Authorization is refused by a default route, partitioned on an allowAuthorized route, and never written', async ({ context }) => {
  const page = await openPage(context, { sw: true });
  // The cache-first route has no allowAuthorized: passed through, never stored.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const r = await fetchOk(page, '/api/private?strategy=cache-first', { headers: { Authorization: ALICE } });
    expect([r.status, r.xCache], `default route, attempt ${attempt}`).toEqual([200, 'BYPASS']); // X-Cache-Bypass: authorization
  }
  // The /api/private route allows it: per-credential entries.
  const alice = await fetchOk(page, '/api/private', { headers: { Authorization: ALICE } });
  const bob = await fetchOk(page, '/api/private', { headers: { Authorization: BOB } });
  expect(alice.body).not.toEqual(bob.body);
  await context.setOffline(true);
  try {
    const aliceAgain = await fetchOk(page, '/api/private', { headers: { Authorization: ALICE } });
    const bobAgain = await fetchOk(page, '/api/private', { headers: { Authorization: BOB } });
    expect(aliceAgain.body, "alice gets alice's response").toEqual(alice.body);
    expect(bobAgain.body, "bob gets bob's response").toEqual(bob.body);
    expect(aliceAgain.xCache).toBe('HIT');
  } finally {
    await context.setOffline(false);
  }
  const keys = (await scan(page, 'api')).records.map((r) => r.key).filter((k) => k.includes('/api/private'));
  expect(keys.filter((k) => k.includes('strategy=cache-first')), 'the default route stored a credentialed response').toEqual([]);
  const hashes = new Set(keys.map((k) => /auth=([0-9a-f]{16,})/.exec(k)?.[1]));
  expect(hashes.has(undefined), `a key without a credential partition: ${keys.join(', ')}`).toBe(false);
  expect(hashes.size).toBe(2);
  expect(await grepCredentials(page), 'credentials found in storage').toEqual([]);
  // The scan does see what is stored: the partition hash itself.
  const hash = [...hashes][0]!;
  expect((await page.evaluate((n) => window.tc.grep(n), [hash])).length).toBeGreaterThan(0);
  await expectNoRejections(page);
});

test('without a worker: cache.fetch refuses Authorization by default and with allowAuthorized partitions it, never writing the credential', async ({ context }) => {
  const name = uniqueName('auth');
  const page = await openPage(context, { sw: false });
  const seen = await page.evaluate(
    async ({ name, ALICE, BOB }) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 50 }, disk: { maxBytes: 4 << 20 } });
      const call = async (auth: string | undefined, allowAuthorized: boolean) => {
        const r = await cache.fetch('/api/private', {
          strategy: 'cache-first',
          ttlMs: 60_000,
          allowAuthorized,
          ...(auth ? { headers: { Authorization: auth } } : {}),
        });
        return { status: r.status, xCache: r.headers.get('x-cache'), body: await r.text() };
      };
      return {
        defaultFirst: await call(ALICE, false),
        defaultSecond: await call(ALICE, false),
        aliceFirst: await call(ALICE, true),
        aliceSecond: await call(ALICE, true),
        bobFirst: await call(BOB, true),
        bobSecond: await call(BOB, true),
        nobody: await call(undefined, true),
      };
    },
    { name, ALICE, BOB },
  );
  expect([seen.defaultFirst.xCache, seen.defaultSecond.xCache], 'not stored by default').toEqual(['BYPASS', 'BYPASS']);
  expect([seen.aliceFirst.xCache, seen.aliceSecond.xCache]).toEqual(['MISS', 'HIT']);
  expect([seen.bobFirst.xCache, seen.bobSecond.xCache], "bob is not served alice's entry").toEqual(['MISS', 'HIT']);
  expect(seen.aliceSecond.body).toBe(seen.aliceFirst.body);
  expect(seen.bobSecond.body).toBe(seen.bobFirst.body);
  expect(seen.bobSecond.body).not.toBe(seen.aliceSecond.body);
  expect([seen.nobody.status, seen.nobody.xCache], 'no credential: 401 from the network, not a stored answer').toEqual([401, 'BYPASS']);

  const keys = (await scan(page, name)).records.map((r) => r.key);
  expect(keys).toHaveLength(2);
  expect(keys.every((k) => /auth=[0-9a-f]{16,}/.test(k)), keys.join(', ')).toBe(true);
  expect(await grepCredentials(page), 'credentials found in storage').toEqual([]);
  await expectNoRejections(page);
});
