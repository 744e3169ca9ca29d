// serveCache(): the service worker's half of tiercache. It answers matching fetches from the
// disk tier by strategy, serves the disk tier of every page cache over the message protocol,
// and tells tabs when a revalidation changed a stored response.
// Nothing that matters lives in worker globals: the browser may stop the worker at any time;
// handles are reopened, and a write is acknowledged only after its transaction completed.
import { DiskTier } from '../disk/index.ts';
import type { DiskTierLike, DiskTierOptions } from '../diskContract.ts';
import { matchRoute, validateRoutes, type Route } from '../http/routes.ts';
import { runStrategy, type StrategyContext } from '../http/strategies.ts';
import { takeCarried } from '../http/carriedOptions.ts';
import { openChannel, parseCoherence } from '../wire/coherence.ts';
import { NAME_PATTERN, isTiercacheMessage, type RpcReply } from '../wire/protocol.ts';
import { HotDisk } from './hotDisk.ts';
import { PageChannels } from './pageChannels.ts';
import { builtFiles, checkEntries, Precache, type PrecacheEntry } from './precache.ts';
import { RpcServer, type OpenDisk } from './rpcServer.ts';

export interface ServeCacheOptions {
  /** The database the routes store responses in. Default 'default'. */
  name?: string;
  /** Options of that database (see DiskTierOptions). */
  disk?: Omit<DiskTierOptions, 'name'>;
  routes?: Route[];
  /** Activate a new worker at once instead of waiting for old tabs to close. Default false; a
   * `{ type: 'SKIP_WAITING' }` message does it on demand. */
  skipWaiting?: boolean;
  /** Take control of open pages on activation. Default true. */
  clientsClaim?: boolean;
  /**
   * Hot copies of stored responses kept in the worker, so hits on hot URLs skip IndexedDB.
   * Only copies (lost when the browser stops the worker). Default { maxBytes: 8 MiB }; false = none.
   */
  memory?: false | { maxBytes: number };
  /**
   * The app shell, stored in the route database at install so the app starts offline:
   * navigations fall back to its index.html, its files are served cache-first, and a new
   * worker drops the previous build's files when it activates. Default: the files the
   * tiercache/vite plugin built (none without it); false = none.
   */
  precache?: false | (string | PrecacheEntry)[];
  /** The network. Injectable so apps can simulate offline and tests can inject failures. */
  fetch?: (request: Request) => Promise<Response>;
  /** @internal Disk factory (tests). */
  openDisk?: OpenDisk;
}

export interface ServeCacheHandle {
  readonly name: string;
  readonly routes: readonly Route[];
  /** The disk tier of a cache name, as the worker serves it. */
  disk(name?: string): DiskTierLike;
}

type ExtendableMessage = ExtendableMessageEvent;

let served = false;

/** Call once in the service worker. Validates synchronously (TypeError/RangeError). */
export function serveCache(options: ServeCacheOptions = {}): ServeCacheHandle {
  const { name, routes, memory, scope, precache } = checkOptions(options);
  served = true;

  const openTier: OpenDisk = options.openDisk ?? ((o) => new DiskTier(o));
  let hot: HotDisk | undefined;
  // The route database gets the hot copies; the page caches' databases are plain DiskTiers.
  const open: OpenDisk = (o) => {
    const tier = openTier(o);
    if (o.name !== name || memory === false) return tier;
    hot = new HotDisk(tier, { maxBytes: memory.maxBytes });
    return hot;
  };
  const pages = new PageChannels();
  const server = new RpcServer(open, [], (disk) => pages.forward(disk), (cacheName, keys, by) => pages.stored(cacheName, keys, by));
  const routeDisk = server.disk(name, options.disk ?? {});
  listenForPageWrites(name, () => hot);

  if (options.clientsClaim !== false) scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
  if (options.skipWaiting === true) scope.addEventListener('install', () => void scope.skipWaiting());
  const network = options.fetch ?? ((request: Request) => fetch(request));
  const shell = new Precache(routeDisk, precache, scope.location.origin, network);
  if (shell.size > 0) {
    scope.addEventListener('install', (event) => event.waitUntil(shell.install()));
    scope.addEventListener('activate', (event) => event.waitUntil(shell.activate()));
  }
  const base = { fetch: network, origin: scope.location.origin };
  handleFetches(scope, routes, name, base, shell, { disk: (n) => server.disk(n), updated: (n, key, url) => pages.updated(n, key, url) });
  handleMessages(scope, server);

  return {
    name,
    routes,
    disk: (n = name) => server.disk(n),
  };
}

/** The options checked (TypeError/RangeError), with their defaults, and the worker's scope. */
function checkOptions(options: ServeCacheOptions): {
  name: string;
  routes: Route[];
  memory: false | { maxBytes: number };
  scope: ServiceWorkerGlobalScope;
  precache: PrecacheEntry[];
} {
  if (typeof options !== 'object' || options === null) throw new TypeError('serveCache(options): options must be an object');
  const name = options.name ?? 'default';
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new TypeError(`name must match ${String(NAME_PATTERN)}, got ${String(name)}`);
  const routes = validateRoutes(options.routes ?? []);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new TypeError('fetch must be a function (request) => Promise<Response>');
  const memory = options.memory ?? { maxBytes: 8 << 20 };
  if (memory !== false && (typeof memory !== 'object' || memory === null || !(memory.maxBytes > 0) || !Number.isFinite(memory.maxBytes))) {
    throw new RangeError('memory must be false or { maxBytes } with a finite maxBytes > 0');
  }
  const scope = globalThis as unknown as ServiceWorkerGlobalScope;
  if (typeof scope.registration !== 'object' || typeof scope.addEventListener !== 'function') {
    throw new TypeError('serveCache() must be called in a service worker');
  }
  if (served) throw new TypeError('serveCache() must be called once per worker');
  const precache = options.precache === undefined ? builtFiles() : options.precache === false ? [] : checkEntries(options.precache);
  return { name, routes, memory, scope, precache };
}

/**
 * The route database's channel. A page that writes that database itself (uncontrolled) says so
 * here: the worker drops its hot copies of those keys.
 */
function listenForPageWrites(name: string, hot: () => HotDisk | undefined): void {
  const channel = openChannel(name);
  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      const m = parseCoherence(event.data);
      const copies = hot();
      // The worker's own announcements (its stored writes, evictions, faults) are not news here.
      if (!m || !copies || m.from === 'sw') return;
      if (m.type === 'clear' || (m.type === 'stored' && m.keys === undefined)) copies.forgetAll();
      else if (m.key !== undefined) copies.forget(m.key);
      else if (m.keys) for (const key of m.keys) copies.forget(key);
    };
  }
}

/** Answers the fetches a route matches by its strategy; tells the tabs when a revalidation changed a response. */
function handleFetches(
  scope: ServiceWorkerGlobalScope,
  routes: readonly Route[],
  name: string,
  base: Pick<StrategyContext, 'fetch' | 'origin'>,
  shell: Precache,
  pageCaches: PageCaches,
): void {
  scope.addEventListener('fetch', (event: FetchEvent) => {
    const taken = takeCarried(event.request, NAME_PATTERN);
    if (taken?.carried) {
      event.respondWith(runStrategy(contextFor(event, taken.carried.name, base, pageCaches), taken.request, taken.carried.options));
      return;
    }
    const request = taken?.request ?? event.request;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return;
    }
    const route = matchRoute(routes, url, request, base.origin);
    if (!route) {
      if (shell.size > 0) answerFromShell(event, shell);
      return;
    }
    event.respondWith(runStrategy(contextFor(event, name, base, pageCaches), request, route));
  });
}

/** The app shell's files cache-first; navigations from the network, else the stored index.html. Anything else: not answered. */
function answerFromShell(event: FetchEvent, shell: Precache): void {
  const request = event.request;
  if (request.mode === 'navigate') {
    event.respondWith(shell.navigate(request));
    return;
  }
  // respondWith must be called synchronously: a built file is known by its URL alone.
  if (!shell.has(request)) return;
  event.respondWith(shell.match(request).then((response) => response ?? fetch(request)));
}

/** What a cache.fetch carried to the worker needs: the disk tier of a page cache's name, and its pages' channel. */
interface PageCaches {
  disk(name: string): DiskTierLike;
  updated(name: string, key: string, url: string): void;
}

/**
 * A strategy's context on the database of a cache name: the route database, or a page cache's
 * for a page's cache.fetch (by the page's own strategy options, as in page mode). A revalidation
 * that changed a stored response is told to that name's pages.
 */
function contextFor(event: FetchEvent, cacheName: string, base: Pick<StrategyContext, 'fetch' | 'origin'>, pageCaches: PageCaches): StrategyContext {
  return {
    disk: pageCaches.disk(cacheName),
    fetch: base.fetch,
    origin: base.origin,
    now: Date.now,
    waitUntil: (p) => event.waitUntil(p),
    onUpdate: (key, url) => pageCaches.updated(cacheName, key, url),
  };
}

/** Serves the page caches' disk tiers over the message protocol, and SKIP_WAITING on demand; leaves other messages alone. */
function handleMessages(scope: ServiceWorkerGlobalScope, server: RpcServer): void {
  scope.addEventListener('message', (event: ExtendableMessage) => {
    const data: unknown = event.data;
    if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
      event.waitUntil(scope.skipWaiting());
      return;
    }
    // Not ours (the app's own messages to its worker): no reply, no error, propagation untouched.
    if (!isTiercacheMessage(data)) return;
    const port = event.ports[0];
    const work = server.handle(data).then((reply) => {
      if (port) port.postMessage(reply);
      else answerSource(event, reply);
    });
    event.waitUntil(work.catch(() => undefined));
  });
}

/** A tiercache message without a reply port (malformed) is answered on its source. */
function answerSource(event: ExtendableMessage, reply: RpcReply): void {
  const source = event.source as Client | null;
  if (source && typeof source.postMessage === 'function') source.postMessage(reply);
}
