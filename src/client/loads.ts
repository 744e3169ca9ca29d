// getOrSet's loads in flight, by key: concurrent callers of one key share one loader call. The
// loader's AbortSignal aborts once every caller waiting for it has aborted (a caller without a
// signal keeps it going), or when the cache closes; an aborted caller rejects at once with its
// signal's reason, whatever the loader does next.
import type { ReadMarks } from '../readMarks.ts';
import { checkTtlMs } from '../ttl.ts';

interface Load {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting; one without a signal is never subtracted. */
  waiting: number;
}

export class Loads {
  readonly #byKey = new Map<string, Load>();

  /** Joins the load of `key` in flight, or starts one with `start`. */
  join<T>(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let load = this.#byKey.get(key);
    if (!load) {
      const controller = new AbortController();
      const current: Load = { promise: Promise.resolve(), controller, waiting: 0 };
      current.promise = start(controller.signal).finally(() => this.#forget(key, current));
      // Each caller sees the rejection through its own promise; this one only must not go unhandled.
      current.promise.catch(() => undefined);
      this.#byKey.set(key, current);
      load = current;
    }
    const joined = load;
    joined.waiting++;
    if (!signal) return joined.promise as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason);
        if (--joined.waiting === 0) {
          this.#forget(key, joined); // a caller arriving now starts afresh
          joined.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => resolve(value as T),
        (err: unknown) => reject(err),
      ).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Aborts every load (the cache closed). */
  abortAll(reason: unknown): void {
    for (const load of this.#byKey.values()) load.controller.abort(reason);
    this.#byKey.clear();
  }

  #forget(key: string, load: Load): void {
    if (this.#byKey.get(key) === load) this.#byKey.delete(key);
  }
}

export interface GetOrSetOptions {
  /** Freshness of the loaded value from now in ms (the rule of ttl.ts). Default: the cache's ttlMs. */
  ttlMs?: number;
  /** Stops waiting (rejects with its reason); the loader's signal aborts once every waiting caller has. */
  signal?: AbortSignal;
}

export type Loader<T> = (signal: AbortSignal) => Promise<T> | T;

/** TypeError/RangeError for a malformed getOrSet call. */
export function checkGetOrSet(loader: unknown, options: unknown): void {
  if (typeof loader !== 'function') throw new TypeError('getOrSet(key, loader): loader must be a function (signal) => value');
  if (typeof options !== 'object' || options === null) throw new TypeError('getOrSet options must be an object like { ttlMs, signal }');
  const { ttlMs, signal } = options as GetOrSetOptions;
  checkTtlMs(ttlMs);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
}

/** What one load reads and writes through: the cache's get and set, and its reads-in-flight marks. */
export interface LoadTarget<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, options?: { ttlMs: number }): Promise<void>;
  marks: ReadMarks;
}

/** The stored value, else the loader's, stored unless a set or delete of the key came meanwhile (that one wins). */
export async function loadAndStore<T>(target: LoadTarget<T>, key: string, loader: Loader<T>, ttlMs: number | undefined, signal: AbortSignal): Promise<T> {
  const cached = await target.get(key);
  if (cached !== undefined) return cached;
  const mark = target.marks.take(key);
  try {
    const value = await loader(signal);
    signal.throwIfAborted();
    if (!mark.changed) await target.set(key, value, ttlMs === undefined ? undefined : { ttlMs });
    return value;
  } finally {
    target.marks.release(key, mark);
  }
}
