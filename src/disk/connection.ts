// The IndexedDB connection: opened lazily, with a time limit; memory-only mode when it cannot be
// had (retried after REOPEN_AFTER_MS); reopened once when the browser closes it under us.
import { CacheError } from '../errors.ts';
import { openStore } from './store/index.ts';

/** After open() failed or timed out, the next attempt waits this long (injected clock). */
export const REOPEN_AFTER_MS = 30_000;

export function isClosedError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'InvalidStateError';
}

export interface ConnectionOptions {
  name: string;
  openTimeoutMs: number;
  now: () => number;
  /** A fault that sends the tier to memory-only mode. */
  onDegrade(error: CacheError): void;
  /** The first connection this context got (checks that need the database run then). */
  onFirstOpen(db: IDBDatabase): void;
}

export class Connection {
  readonly #o: ConnectionOptions;
  #db: IDBDatabase | undefined;
  #opening: Promise<IDBDatabase | undefined> | undefined;
  #mode: 'idb' | 'memory' = 'idb';
  #reopenAt = 0;
  #openedOnce = false;
  #closed = false;

  constructor(options: ConnectionOptions) {
    this.#o = options;
  }

  /** The open connection, if any (no opening). */
  get current(): IDBDatabase | undefined {
    return this.#db;
  }

  /** True in memory-only mode until the next attempt to open is due: writes are refused meanwhile. */
  get waiting(): boolean {
    return this.#mode === 'memory' && this.#o.now() < this.#reopenAt;
  }

  /** The connection, opening it if needed; undefined in memory-only mode. `draining`: writes queued before close() may still open it. */
  get(draining = false): Promise<IDBDatabase | undefined> {
    if (this.#db) return Promise.resolve(this.#db);
    if ((this.#closed && !draining) || this.waiting) return Promise.resolve(undefined);
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Runs `fn` on the connection; if it was closed under us, reopens once and retries. */
  async withReopen<T>(db: IDBDatabase, fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      return await fn(db);
    } catch (error) {
      if (!isClosedError(error)) throw error;
      if (this.#db === db) {
        this.#db = undefined;
        db.close();
      }
      const again = await this.get(true);
      if (!again) throw error;
      return await fn(again);
    }
  }

  /** Once `drained` resolves (queued writes settled), closes the connection for good. */
  close(drained: Promise<void>): void {
    this.#closed = true;
    void drained.then(async () => {
      await this.#opening;
      this.#db?.close();
      this.#db = undefined;
    });
  }

  /** A new connection's checks may run again (the one they started on went meanwhile). */
  recheck(): void {
    this.#openedOnce = false;
  }

  async #open(): Promise<IDBDatabase | undefined> {
    if (!globalThis.indexedDB) return this.#degrade(new CacheError('unavailable', 'IndexedDB is not available in this context: memory only'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: IDBDatabase | undefined;
    const forget = () => {
      if (this.#db === current) this.#db = undefined;
    };
    const opening = openStore(this.#o.name, { onClose: forget, onVersionChange: forget });
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#o.openTimeoutMs);
    });
    try {
      const outcome = await Promise.race([opening, timeout]);
      if (outcome === 'timeout') {
        opening.then((late) => late.close(), () => undefined);
        return this.#degrade(new CacheError('unavailable', `IndexedDB open() did not answer within ${this.#o.openTimeoutMs} ms: memory only`));
      }
      current = this.#db = outcome;
      this.#mode = 'idb';
      if (!this.#openedOnce && !this.#closed) {
        this.#openedOnce = true;
        this.#o.onFirstOpen(outcome);
      }
      return outcome;
    } catch (error) {
      return this.#degrade(new CacheError('unavailable', 'IndexedDB open() failed: memory only', { cause: error }));
    } finally {
      clearTimeout(timer);
    }
  }

  #degrade(error: CacheError): undefined {
    this.#mode = 'memory';
    this.#reopenAt = this.#o.now() + REOPEN_AFTER_MS;
    this.#o.onDegrade(error);
    return undefined;
  }
}
