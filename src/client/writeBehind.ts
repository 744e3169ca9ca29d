// The write-behind overlay between a TierCache's memory and its disk tier. A set is in memory at
// once; its disk write joins this tick's batch (one transaction for the sets of one tick, or of
// one batch() call). Until the disk acknowledged it the value stays here as well, so `get`
// answers it even after memory evicted it: nothing acknowledged is lost to eviction. A delete
// leaves a tombstone here until the disk delete completed. Disk writes (flushes, deletes,
// clears) run in order, one after another; a failed one degrades to an `error` event.
import { encodeValue } from '../value.ts';
import type { EncodedValue } from '../diskContract.ts';
import { CacheError } from '../errors.ts';
import type { SetEntry } from '../wire/protocol.ts';
import type { DiskLink } from './diskLink.ts';

/** A value whose disk write has not completed (or a tombstone: expiresAt -Infinity). */
export interface Pending {
  value: unknown;
  expiresAt: number;
  seq: number;
}

interface WriteBatch {
  entries: Map<string, SetEntry & { seq: number }>;
  done: Promise<void>;
  resolve: () => void;
}

export interface WriteBehindOptions {
  link: DiskLink;
  /** Announces on the coherence channel that keys (all keys: undefined) are on disk now. */
  announceStored: (keys: string[] | undefined) => void;
  /** Reports a write that failed (the cache degrades to memory). */
  onError: (err: unknown) => void;
}

export class WriteBehind {
  readonly #link: DiskLink;
  readonly #announceStored: (keys: string[] | undefined) => void;
  readonly #onError: (err: unknown) => void;
  readonly #pending = new Map<string, Pending>();
  #seq = 0;
  #batch: WriteBatch | undefined;
  #batchDepth = 0;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: WriteBehindOptions) {
    this.#link = options.link;
    this.#announceStored = options.announceStored;
    this.#onError = options.onError;
  }

  /** The overlay's entry for `key`, if a write or delete of it is still on its way to disk. */
  pending(key: string): Pending | undefined {
    return this.#pending.get(key);
  }

  /**
   * Queues the disk write of a value already in memory. Resolves once the disk acknowledged it
   * (or the write failed and was reported); inside batch(), at once.
   */
  set(key: string, value: unknown, encoded: EncodedValue, ttlMs: number | undefined, expiresAt: number): Promise<void> {
    const seq = ++this.#seq;
    this.#pending.set(key, { value, expiresAt, seq });
    const entry: SetEntry & { seq: number } = { key, value: encoded, seq };
    if (ttlMs !== undefined && ttlMs !== Infinity) entry.ttlMs = ttlMs;
    return this.#enqueue(entry);
  }

  /** Drops `key` from the overlay and from the batch not yet written; whether it held a live value. */
  forget(key: string, now: number): boolean {
    const prior = this.#pending.get(key);
    this.#pending.delete(key);
    this.#batch?.entries.delete(key);
    return prior !== undefined && prior.expiresAt > now;
  }

  /** Drops every value from the overlay and the batch not yet written (a local clear). */
  forgetAll(): void {
    this.#pending.clear();
    this.#batch?.entries.clear();
  }

  /** Drops every value from the overlay, the batch kept (another tab's clear). */
  dropPending(): void {
    this.#pending.clear();
  }

  /** Deletes `key` on disk, behind the writes before it; whether the disk held it. */
  async delete(key: string): Promise<boolean> {
    // A tombstone until the disk delete completes: a get meanwhile must not read the old record
    // from disk and promote it back into memory.
    const seq = ++this.#seq;
    this.#pending.set(key, { value: undefined, expiresAt: -Infinity, seq });
    try {
      return await this.#write(async () => {
        const existed = await this.#link.run((d) => d.delete(key));
        this.#announceStored([key]);
        return existed;
      }, false);
    } finally {
      if (this.#pending.get(key)?.seq === seq) this.#pending.delete(key);
    }
  }

  /** Clears the disk, behind the writes before it. */
  clear(shred?: boolean): Promise<void> {
    return this.#write(async () => {
      await this.#link.run((d) => d.clear(shred));
      this.#announceStored(undefined);
    }, undefined);
  }

  /** Runs fn with every set inside it joining one batch, written (and awaited) when fn settles. */
  async batch<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#batchDepth++;
    let done: Promise<void> | undefined;
    try {
      return await fn();
    } finally {
      this.#batchDepth--;
      if (this.#batchDepth === 0 && this.#batch) done = this.#flush();
      if (done) await done;
    }
  }

  /**
   * Sets already made must still land (their promises resolve once they did): writes what this
   * tick queued, and calls `then` once every queued write has run.
   */
  close(then: () => void): void {
    void this.#flush();
    void this.#writes.finally(then);
  }

  #enqueue(entry: SetEntry & { seq: number }): Promise<void> {
    if (!this.#batch) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      this.#batch = { entries: new Map(), done, resolve };
      if (this.#batchDepth === 0) queueMicrotask(() => void this.#flush());
    }
    this.#batch.entries.delete(entry.key); // keep insertion order = write order
    this.#batch.entries.set(entry.key, entry);
    // Inside batch(), a set is acknowledged by batch() itself; awaiting it there must not deadlock.
    return this.#batchDepth > 0 ? Promise.resolve() : this.#batch.done;
  }

  #flush(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return Promise.resolve();
    this.#batch = undefined;
    const entries = [...batch.entries.values()];
    void this.#write(() => this.#store(entries), undefined).finally(() => {
      for (const e of entries) if (this.#pending.get(e.key)?.seq === e.seq) this.#pending.delete(e.key);
      batch.resolve();
    });
    return batch.done;
  }

  /** Writes one batch in one transaction; announces what was stored, reports what was refused. */
  async #store(entries: (SetEntry & { seq: number })[]): Promise<void> {
    if (entries.length === 0) return;
    const link = this.#link;
    const wire: SetEntry[] = entries.map(({ key, value, ttlMs }) => (ttlMs === undefined ? { key, value } : { key, value, ttlMs }));
    let stored: boolean[];
    try {
      stored = await link.run((d) => d.setMany(wire));
    } catch (err) {
      // The bytes may have been transferred to a worker that died: re-encode from the pending values.
      const retry = entries.filter((e) => this.#pending.get(e.key)?.seq === e.seq);
      if (retry.length === 0 || (err instanceof CacheError && err.code === 'closed-cache')) throw err;
      stored = await link.run((d) =>
        d.setMany(retry.map((e) => ({ key: e.key, value: encodeValue(this.#pending.get(e.key)!.value), ...(e.ttlMs === undefined ? {} : { ttlMs: e.ttlMs }) }))),
      );
      const byKey = new Map(retry.map((e, i) => [e.key, stored[i]]));
      stored = entries.map((e) => byKey.get(e.key) ?? false);
    }
    // Other tabs may have re-read the old records since the 'set' message: now they drop them.
    const written = entries.filter((_, i) => stored[i] === true).map((e) => e.key);
    if (written.length > 0) this.#announceStored(written);
    const refused = entries.filter((_, i) => stored[i] !== true).map((e) => e.key);
    if (refused.length > 0) {
      this.#onError(new CacheError('write', `the disk tier did not store ${refused.length} value(s) (${refused.slice(0, 3).join(', ')}…); they stay in memory`));
    }
  }

  /** Queues a disk write behind the previous ones; a failure degrades (error event) to `fallback`. */
  #write<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    const run = this.#writes.then(op).catch((err: unknown) => {
      this.#onError(err);
      return fallback;
    });
    this.#writes = run;
    return run;
  }
}
