// Shared steps of the e2e/http-*.spec.ts files (issue 17: the worker's `http` strategy, driven
// through the demo worker's `/api/http/` route against the mock API's `/api/http/<name>`, see
// demo/httpApi.ts). What the page got is read in the page; what reached the server is read from
// the mock API's log over Playwright's own HTTP client, which the browser's offline switch and
// the worker never touch.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { HttpLog } from '../demo/httpApi.ts';
import { openControlled, pageFetch } from './sw-helpers.ts';

export { openControlled };

/** What the mock API saw for one name. */
export type ServerLog = HttpLog;

/** The body every /api/http/<name> answer carries. */
export interface HttpBody {
  name: string;
  version: number;
  /** Which full body of the name this is (1 = the first the server sent). */
  full: number;
  echo: Record<string, string | null>;
}

export interface PageAnswer {
  status: number;
  xCache: string | null;
  bypass: string | null;
  age: string | null;
  headers: Record<string, string>;
  body: HttpBody | string;
}

let seq = 0;
/** A resource name no other test (or earlier run against the same server) has used. */
export function uniqueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${(++seq).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export type HttpParams = Partial<Record<'cc' | 'expires' | 'date' | 'age' | 'etag' | 'lm' | 'vary' | 'status' | 'bytes' | 'loc' | 'cloc' | 'ustatus' | 'delay', string>>;

/**
 * The URL of a mock resource with the given response headers. `strict` picks the worker's
 * `offline: 'fail'` route (/api/http-strict/), the same resource on the server.
 */
export function httpUrl(name: string, params: HttpParams = {}, { strict = false } = {}): string {
  const query = new URLSearchParams(params as Record<string, string>).toString();
  return `/api/http${strict ? '-strict' : ''}/${encodeURIComponent(name)}${query ? `?${query}` : ''}`;
}

export async function serverLog(request: APIRequestContext, name: string): Promise<ServerLog> {
  const response = await request.get(`/api/http-log?name=${encodeURIComponent(name)}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as ServerLog;
}

/** Changes the server's answers for a name: `fail` ('network' | '500' | null), `override` (query values), `reset`. */
export async function serverSet(
  request: APIRequestContext,
  name: string,
  command: { fail?: 'network' | '500' | null; override?: HttpParams | null; reset?: true },
): Promise<ServerLog> {
  const response = await request.post(`/api/http-log?name=${encodeURIComponent(name)}`, { data: command });
  expect(response.status()).toBe(200);
  return (await response.json()) as ServerLog;
}

/** Sends a request straight to the server (not through the browser or its worker). */
export async function serverDirect(request: APIRequestContext, url: string, method = 'POST'): Promise<number> {
  const response = await request.fetch(url, { method });
  return response.status();
}

/** fetch() in the page, through the worker: status, X-Cache, X-Cache-Bypass, Age, headers, parsed body. */
export async function fetchInPage(page: Page, url: string, init: RequestInit = {}): Promise<PageAnswer> {
  const answer = await tryFetchInPage(page, url, init);
  if ('error' in answer) throw new Error(`fetch ${url} failed in the page: ${answer.error}`);
  return answer;
}

/** As fetchInPage, but a network error comes back as `{ error }` instead of throwing. */
export const tryFetchInPage = pageFetch as (page: Page, url: string, init?: RequestInit) => Promise<PageAnswer | { error: string }>;

/** The parsed body of an answer (fails the test when it is not the mock resource's JSON). */
export function bodyOf(answer: PageAnswer): HttpBody {
  expect(typeof answer.body, `body ${JSON.stringify(answer.body)}`).toBe('object');
  return answer.body as HttpBody;
}

/** Waits until the server has seen `count` requests for the name (background work). */
export async function untilServerSaw(request: APIRequestContext, name: string, count: number): Promise<ServerLog> {
  await expect.poll(async () => (await serverLog(request, name)).requests, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  return serverLog(request, name);
}

/**
 * The common shape of a freshness check: a new resource with `params` is fetched twice through
 * the worker (the second time with `init`); returns the second X-Cache and the server's count.
 */
export async function askTwice(page: Page, request: APIRequestContext, label: string, params: HttpParams, init: RequestInit = {}) {
  const name = uniqueName(label);
  const url = httpUrl(name, params);
  await fetchInPage(page, url);
  const second = await fetchInPage(page, url, init);
  return { second: second.xCache, requests: (await serverLog(request, name)).requests };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
