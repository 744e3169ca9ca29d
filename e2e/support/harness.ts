// The fault suite's side of the test: pages with the in-page helpers, CDP triggers
// (quota, clearing site data, stopping workers), and the checks every scenario ends with
// (no unhandled rejection, no page error, exact totals).
import { expect, test as base, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { installPageHelpers, type Scan } from './inpage.ts';

export { expect };
export type { Scan };

/** The test page of the e2e suite: registers the demo worker unless `sw: false`. */
export const CACHE_PAGE = '/e2e-pages/cache.html';

let serial = 0;
/** A cache (and database) name no other test uses. */
export function uniqueName(label: string): string {
  return `f-${label}-${Date.now().toString(36)}${(serial++).toString(36)}`;
}

export function dbName(cacheName: string): string {
  return `tiercache:${cacheName}`;
}

interface Watched {
  pageErrors: string[];
}
const watched = new WeakMap<Page, Watched>();

/**
 * Opens the e2e page in `context` with the helpers installed. `sw: true` waits until the demo
 * worker controls the page; `sw: false` never registers it (the page runs its own disk tier).
 */
export async function openPage(context: BrowserContext, options: { sw: boolean; name?: string }): Promise<Page> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  watched.set(page, { pageErrors });
  const query = new URLSearchParams({ name: options.name ?? uniqueName('page') });
  if (!options.sw) query.set('nosw', '');
  await page.goto(`${CACHE_PAGE}?${query}`);
  const controlled = await page.evaluate(() => window.swReady);
  expect(controlled, 'the worker controls the page').toBe(options.sw);
  return page;
}

/**
 * A page the worker does not control although it is registered: opened without registering,
 * then reloaded as Shift+reload does (CDP ignoreCache), which bypasses the worker. Its caches
 * run their own disk tier on the same databases the worker serves.
 */
export async function openUncontrolled(context: BrowserContext, name?: string): Promise<Page> {
  const page = await openPage(context, { sw: false, ...(name === undefined ? {} : { name }) });
  const session = await context.newCDPSession(page);
  await session.send('Page.reload', { ignoreCache: true });
  await session.detach();
  await page.waitForFunction(() => window.tc !== undefined && document.getElementById('status')?.textContent === 'uncontrolled');
  expect(await page.evaluate(() => navigator.serviceWorker.controller), 'the worker does not control the page').toBeNull();
  return page;
}

/** Every context of the suite gets the helpers before any page script runs. */
export const test = base.extend<{ context: BrowserContext }>({
  context: async ({ context }, use) => {
    await context.addInitScript(installPageHelpers);
    await use(context);
  },
});

/** What the app must never see: asserts no unhandled rejection and no uncaught error in `page`. */
export async function expectNoRejections(page: Page): Promise<void> {
  if (page.isClosed()) return;
  const rejections = await page.evaluate(() => window.tc.rejections);
  expect(rejections, 'unhandled rejections in the page').toEqual([]);
  expect(watched.get(page)?.pageErrors ?? [], 'uncaught errors in the page').toEqual([]);
}

/**
 * The stored totals record equals a full scan of the records, and every record has its body.
 * `afterQuota`: the cache met its quota, and over quota an eviction deletes the totals record
 * instead of rewriting it (Chromium lets only delete-only transactions through, see
 * src/disk/store/totals.ts); a reader then recounts from the metas. So a missing record passes,
 * where records exist, and the caller compares what the cache reports with the scan.
 */
export function expectConsistent(scan: Scan, label = 'database', { afterQuota = false } = {}): void {
  expect(scan.orphanBodies, `${label}: bodies without a meta record`).toEqual([]);
  const broken = scan.records.filter((r) => r.bodyBytes !== r.storedBytes).map((r) => r.key);
  expect(broken, `${label}: records whose body size differs from storedBytes`).toEqual([]);
  if (afterQuota && scan.totals === undefined) return;
  const totals = scan.totals ?? { entries: 0, rawBytes: 0, storedBytes: 0 };
  expect({ entries: totals.entries, rawBytes: totals.rawBytes, storedBytes: totals.storedBytes }, `${label}: totals vs full scan`).toEqual(
    scan.sum,
  );
}

export async function scan(page: Page, cacheName: string): Promise<Scan> {
  return page.evaluate((db) => window.tc.scan(db), dbName(cacheName));
}

export async function cdp(page: Page): Promise<CDPSession> {
  return page.context().newCDPSession(page);
}

export function originOf(page: Page): string {
  return new URL(page.url()).origin;
}

/**
 * A real storage quota for the origin (Chromium's estimate() keeps saying 10 GiB). The override
 * lives as long as the returned CDP session: keep it attached for the test.
 */
export async function setQuota(page: Page, bytes: number): Promise<CDPSession> {
  const session = await cdp(page);
  await session.send('Storage.overrideQuotaForOrigin', { origin: originOf(page), quotaSize: bytes });
  return session;
}

export async function usageAndQuota(page: Page): Promise<{ usage: number; quota: number; overrideActive: boolean }> {
  const session = await cdp(page);
  const result = await session.send('Storage.getUsageAndQuota', { origin: originOf(page) });
  await session.detach();
  return result;
}

/** Polls `fn` until it returns a truthy value (bounded; never a timing assertion). */
export async function until<T>(fn: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Fetched {
  status: number;
  xCache: string | null;
  headers: Record<string, string>;
  body: unknown;
}

/** fetch() in the page (through the worker when it controls the page); the error text when it rejects. */
export async function fetchIn(page: Page, url: string, init: RequestInit = {}): Promise<Fetched | { error: string }> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const r = await fetch(url, init);
        const text = await r.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        return { status: r.status, xCache: r.headers.get('x-cache'), headers: Object.fromEntries(r.headers), body };
      } catch (err) {
        return { error: String(err) };
      }
    },
    { url, init },
  );
}

/** Like fetchIn, but fails the test when the fetch rejected. */
export async function fetchOk(page: Page, url: string, init: RequestInit = {}): Promise<Fetched> {
  const r = await fetchIn(page, url, init);
  if ('error' in r) throw new Error(`fetch ${url} rejected: ${r.error}`);
  return r;
}
