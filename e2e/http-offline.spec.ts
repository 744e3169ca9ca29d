// The `http` strategy offline: whatever the headers say, when the network is unreachable a
// stored response is served STALE, unless the route opts out with `offline: 'fail'`
// (the demo worker's /api/http-strict/ route).
import { expect, test } from '@playwright/test';
import { bodyOf, fetchInPage, httpUrl, openControlled, serverLog, tryFetchInPage, uniqueName } from './http-helpers.ts';

test.beforeEach(async ({ page }) => {
  await openControlled(page);
});

test('offline: a stale stored copy is served (STALE) with its body; nothing reaches the server', async ({ page, context, request }) => {
  const name = uniqueName('offline-stale');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a' });
  const online = await fetchInPage(page, url);
  await context.setOffline(true);
  try {
    const offline = await fetchInPage(page, url);
    expect(offline.status).toBe(200);
    expect(offline.xCache).toBe('STALE');
    expect(bodyOf(offline)).toEqual(bodyOf(online));
    expect(Number(offline.age)).toBeGreaterThanOrEqual(0);
  } finally {
    await context.setOffline(false);
  }
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('offline: even no-cache and must-revalidate copies are served STALE rather than failing', async ({ page, context, request }) => {
  const names = [uniqueName('offline-no-cache'), uniqueName('offline-must')];
  const urls = [httpUrl(names[0]!, { cc: 'no-cache', etag: 'a' }), httpUrl(names[1]!, { cc: 'max-age=0, must-revalidate', etag: 'a' })];
  for (const url of urls) await fetchInPage(page, url);
  await context.setOffline(true);
  try {
    for (const url of urls) expect((await fetchInPage(page, url)).xCache).toBe('STALE');
  } finally {
    await context.setOffline(false);
  }
  for (const name of names) expect((await serverLog(request, name)).requests).toBe(1);
});

test('offline: a fresh stored copy is a plain HIT', async ({ page, context, request }) => {
  const name = uniqueName('offline-fresh');
  const url = httpUrl(name, { cc: 'max-age=600' });
  await fetchInPage(page, url);
  await context.setOffline(true);
  try {
    expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  } finally {
    await context.setOffline(false);
  }
  expect((await serverLog(request, name)).requests).toBe(1);
});

test('offline: nothing stored is a network error in the page', async ({ page, context, request }) => {
  const name = uniqueName('offline-nothing');
  await context.setOffline(true);
  try {
    expect(await tryFetchInPage(page, httpUrl(name, { cc: 'max-age=600' }))).toHaveProperty('error');
  } finally {
    await context.setOffline(false);
  }
  expect((await serverLog(request, name)).requests).toBe(0);
});

test("offline: 'fail': a stale stored copy is not served; the page gets the network error", async ({ page, context, request }) => {
  const name = uniqueName('offline-fail');
  const url = httpUrl(name, { cc: 'max-age=0', etag: 'a' }, { strict: true });
  await fetchInPage(page, url);
  await context.setOffline(true);
  try {
    expect(await tryFetchInPage(page, url)).toHaveProperty('error');
  } finally {
    await context.setOffline(false);
  }
  expect((await serverLog(request, name)).requests).toBe(1);
});

test("offline: 'fail': a fresh stored copy is still served (HIT)", async ({ page, context, request }) => {
  const name = uniqueName('offline-fail-fresh');
  const url = httpUrl(name, { cc: 'max-age=600' }, { strict: true });
  await fetchInPage(page, url);
  await context.setOffline(true);
  try {
    expect((await fetchInPage(page, url)).xCache).toBe('HIT');
  } finally {
    await context.setOffline(false);
  }
  expect((await serverLog(request, name)).requests).toBe(1);
});
