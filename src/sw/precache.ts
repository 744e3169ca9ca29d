// The app shell: the files a build produced (index.html and its hashed assets), stored in the
// route database when the worker installs, so the app starts offline. They count against the
// disk budget like any record and are evicted last (PRECACHE_PREFIX). A new worker keeps the
// unchanged files (same revision), fetches the rest, and on activation drops the files the
// previous build had and this one does not.
import { PRECACHE_PREFIX } from '../disk/victims.ts';
import type { DiskTierLike } from '../diskContract.ts';
import { responseMeta } from '../http/cacheability.ts';
import { cachedResponse, markMiss } from '../http/stored.ts';

/** One built file: its URL (absolute, or from the origin's root) and a hash of its content. */
export interface PrecacheEntry {
  url: string;
  revision: string;
}

/** Where the tiercache/vite plugin leaves the build's file list (a line at the top of sw.js). */
const BUILD_GLOBAL = '__TIERCACHE_PRECACHE__';
const REVISION_HEADER = 'x-tiercache-revision';
/** The record listing the keys the active build precached: what activation compares against. */
const MANIFEST_KEY = `${PRECACHE_PREFIX}manifest`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The files the tiercache/vite plugin built into this worker; none without the plugin (or in `vite dev`). */
export function builtFiles(): PrecacheEntry[] {
  const list: unknown = (globalThis as Record<string, unknown>)[BUILD_GLOBAL];
  return Array.isArray(list) ? checkEntries(list, 'the build') : [];
}

/** The precache option checked (TypeError): entries, or URLs (revision: the URL itself, for hashed names). */
export function checkEntries(list: unknown, what = 'precache'): PrecacheEntry[] {
  if (!Array.isArray(list)) throw new TypeError(`${what} must be an array of URLs or { url, revision }, or false`);
  return list.map((item: unknown, i) => {
    if (typeof item === 'string') return { url: item, revision: item };
    const entry = item as Partial<PrecacheEntry> | null;
    if (typeof entry?.url !== 'string' || typeof entry.revision !== 'string') {
      throw new TypeError(`${what}[${i}] must be a URL string or { url, revision } with string fields, got ${JSON.stringify(item)}`);
    }
    return { url: entry.url, revision: entry.revision };
  });
}

export class Precache {
  readonly #disk: DiskTierLike;
  readonly #fetch: (request: Request) => Promise<Response>;
  /** Absolute URL → revision. */
  readonly #files = new Map<string, string>();
  readonly #shell: string | undefined;

  constructor(disk: DiskTierLike, entries: PrecacheEntry[], origin: string, network: (request: Request) => Promise<Response>) {
    this.#disk = disk;
    this.#fetch = network;
    for (const { url, revision } of entries) this.#files.set(new URL(url, origin).href, revision);
    this.#shell = [...this.#files.keys()].find((url) => url.endsWith('/index.html'));
  }

  get size(): number {
    return this.#files.size;
  }

  /** Stores every file not already stored at its revision. A file that cannot be fetched fails the install (as it must: the shell would be incomplete). */
  async install(): Promise<void> {
    for (const [url, revision] of this.#files) {
      const stored = await this.#disk.get(PRECACHE_PREFIX + url, { allowStale: true });
      if (stored?.value.meta?.headers.some(([name, value]) => name === REVISION_HEADER && value === revision)) continue;
      const response = await this.#fetch(new Request(url, { cache: 'reload' }));
      if (!response.ok) throw new TypeError(`tiercache precache: ${url} answered ${response.status}`);
      await this.#store(url, revision, response);
    }
  }

  /** Drops the files of the previous build that this one does not have. */
  async activate(): Promise<void> {
    const previous = await this.#disk.get(MANIFEST_KEY, { allowStale: true });
    const keys = [...this.#files.keys()].map((url) => PRECACHE_PREFIX + url);
    if (previous) {
      const old: unknown = JSON.parse(decoder.decode(previous.value.bytes));
      const current = new Set(keys);
      for (const key of Array.isArray(old) ? old : []) if (typeof key === 'string' && !current.has(key)) await this.#disk.delete(key);
    }
    await this.#disk.set(MANIFEST_KEY, { kind: 'json', bytes: encoder.encode(JSON.stringify(keys)) });
  }

  /** Whether a request asks for one of the built files. */
  has(request: Request): boolean {
    return request.method === 'GET' && this.#files.has(request.url.split('#')[0]!);
  }

  /** A built file, cache-first (fetched and stored again if it was evicted); undefined for any other request. */
  async match(request: Request): Promise<Response | undefined> {
    if (!this.has(request)) return undefined;
    const url = request.url.split('#')[0]!;
    const revision = this.#files.get(url);
    if (revision === undefined) return undefined;
    return (await this.#cached(url)) ?? this.#fetchAndStore(request, url, revision);
  }

  /** A navigation: the network, else (offline, network error) the stored index.html. */
  async navigate(request: Request): Promise<Response> {
    try {
      return await this.#fetch(request);
    } catch (error) {
      const shell = this.#shell && (await this.#cached(this.#shell));
      if (shell) return shell;
      throw error;
    }
  }

  async #cached(url: string): Promise<Response | undefined> {
    const hit = await this.#disk.get(PRECACHE_PREFIX + url, { allowStale: true });
    if (!hit?.value.meta) return undefined;
    const response = cachedResponse(hit, Date.now(), 'HIT');
    response.headers.delete(REVISION_HEADER);
    return response;
  }

  async #fetchAndStore(request: Request, url: string, revision: string): Promise<Response> {
    const response = await this.#fetch(request);
    if (!response.ok) return response;
    return markMiss(response, await this.#store(url, revision, response));
  }

  /** Stores one file; resolves its bytes. Over budget or quota the disk refuses it: the file then comes from the network. */
  async #store(url: string, revision: string, response: Response): Promise<Uint8Array> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const meta = responseMeta(url, response);
    meta.headers.push([REVISION_HEADER, revision]);
    await this.#disk.set(PRECACHE_PREFIX + url, { kind: 'response', bytes, meta });
    return bytes;
  }
}
