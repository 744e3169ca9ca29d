// Which disk tier a TierCache talks to right now. A controlling service worker runs it when
// there is one; otherwise (first visit, Shift+reload, no support, the worker did not answer)
// the page opens the same database itself. Both reach the same IndexedDB records, so
// switching loses nothing: a call that fails on the worker is retried once on the page.
import type { DiskTierLike, DiskTierOptions } from '../diskContract.ts';
import { CacheError } from '../errors.ts';
import type { DiskMode, ErrorDetail } from '../types.ts';
import type { WireDiskOptions } from '../wire/protocol.ts';
import { WorkerDisk, type DiskPort } from './workerDisk.ts';
import type { DirectDisk } from './directDisk.ts';
import { loadOnce } from './loadOnce.ts';

export interface DiskLinkOptions {
  name: string;
  disk: WireDiskOptions;
  timeoutMs: number;
  /** The page cache's coherence id (see WorkerDisk). */
  clientId?: string;
  now: () => number;
  onMode: (mode: DiskMode) => void;
  onError: (error: CacheError) => void;
  /** The page's own DiskTier, forwarded events and all. */
  onPageDisk: (tier: DiskTierLike) => void;
  /** Opens the page's DiskTier; default: the real one, opened on first need. */
  openDisk?: (options: DiskTierOptions) => DiskTierLike | Promise<DiskTierLike>;
}

/** After a worker timeout, the page uses its own tier for this long before trying the worker again. */
const WORKER_RETRY_MS = 10_000;

/**
 * The page's own disk tier, loaded with import() only when no worker answers: a page a worker
 * serves never downloads IndexedDB, fflate and the codec (about 13 kB brotli). An uncontrolled
 * page starts loading it at once (TierCache.ready), while it is surely online; offline, the worker's precache
 * (tiercache/vite) serves the chunk. A failed load is tried again at the next need.
 */
export const loadDiskTier = loadOnce(() => import('./pageModules.ts'));

function serviceWorkerContainer(): ServiceWorkerContainer | undefined {
  return typeof navigator === 'object' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
}

export class DiskLink {
  readonly #o: DiskLinkOptions;
  #mode: DiskMode = 'page';
  #worker: WorkerDisk | undefined;
  #workerFailedAt = -Infinity;
  #page: Promise<DirectDisk | undefined> | undefined;
  /** The page's DiskTier reported IndexedDB unavailable (open failed or timed out): memory only until it reopens. */
  #pageDown = false;
  #onControllerChange = () => this.#refresh();

  constructor(options: DiskLinkOptions) {
    this.#o = options;
    serviceWorkerContainer()?.addEventListener('controllerchange', this.#onControllerChange);
    this.#refresh();
  }

  get mode(): DiskMode {
    return this.#mode;
  }

  /** Whether a service worker controls the page now. */
  get controlled(): boolean {
    return !!serviceWorkerContainer()?.controller;
  }

  close(): void {
    serviceWorkerContainer()?.removeEventListener('controllerchange', this.#onControllerChange);
    this.#setMode('closed');
    void this.#page?.then((p) => p?.tier.close());
  }

  /**
   * Runs one disk operation where the disk tier lives now. Rejects only when no tier could
   * run it (the caller degrades to memory and reports it).
   */
  async run<T>(op: (port: DiskPort) => Promise<T>): Promise<T> {
    if (this.#mode === 'closed') throw new CacheError('closed-cache', 'the cache was closed');
    this.#refresh();
    const worker = this.#currentWorker();
    if (worker) {
      try {
        return await op(worker);
      } catch (err) {
        if (!(err instanceof CacheError) || !['timeout', 'closed', 'protocol'].includes(err.code)) throw err;
        this.#workerFailedAt = this.#o.now();
        this.#o.onError(err);
        this.#refresh();
      }
    }
    const page = await this.#pageDisk();
    if (!page) throw new CacheError('unavailable', 'IndexedDB is not available in this page');
    const result = await op(page);
    // The tier retries IndexedDB on its own after a delay; the mode follows once it has.
    if (this.#pageDown && (await page.tier.stats()).mode === 'idb') {
      this.#pageDown = false;
      this.#refresh();
    }
    return result;
  }

  /** The page's own DiskTier when the cache runs it (page mode), for `cache.fetch` strategies. */
  async pageTier(): Promise<DiskTierLike | undefined> {
    return (await this.#pageDisk())?.tier;
  }

  #currentWorker(): WorkerDisk | undefined {
    const controller = serviceWorkerContainer()?.controller;
    if (!controller || this.#o.now() - this.#workerFailedAt < WORKER_RETRY_MS) return undefined;
    if (this.#worker?.worker !== controller) this.#worker = new WorkerDisk(controller, this.#o.name, this.#o.disk, this.#o.timeoutMs, this.#o.clientId);
    return this.#worker;
  }

  #refresh(): void {
    if (this.#mode === 'closed') return;
    const controller = serviceWorkerContainer()?.controller;
    if (controller && this.#worker?.worker !== controller) this.#workerFailedAt = -Infinity; // a new worker gets a fresh chance
    if (this.#currentWorker()) this.#setMode('worker');
    else this.#setMode(typeof indexedDB === 'undefined' || this.#pageDown ? 'memory' : 'page');
  }

  #setMode(mode: DiskMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#o.onMode(mode);
  }

  #pageDisk(): Promise<DirectDisk | undefined> {
    this.#page ??= (async () => {
      if (typeof indexedDB === 'undefined') return undefined;
      const options: DiskTierOptions = { ...this.#o.disk, name: this.#o.name, now: this.#o.now };
      const modules = await loadDiskTier();
      const tier = this.#o.openDisk ? await this.#o.openDisk(options) : new modules.DiskTier(options);
      tier.addEventListener('error', (e) => {
        if ((e as CustomEvent<ErrorDetail>).detail?.error?.code !== 'unavailable') return;
        this.#pageDown = true;
        this.#refresh();
      });
      this.#o.onPageDisk(tier);
      return new modules.DirectDisk(tier);
    })().catch((err: unknown) => {
      this.#o.onError(new CacheError('unavailable', 'opening the disk tier in the page failed', { cause: err }));
      this.#page = undefined;
      return undefined;
    });
    return this.#page;
  }
}
