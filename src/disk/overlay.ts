// Read-your-writes: writes queued or in flight answer reads before the disk does, and a read that
// a write of its key overtook is read again.
import { ReadMarks } from '../readMarks.ts';
import { isExpired } from './record.ts';
import type { DiskHit, EncodedValue } from '../diskContract.ts';

export interface PendingPut {
  type: 'put';
  key: string;
  value: EncodedValue;
  createdAt: number;
  /** Infinity when it never expires. */
  expiresAt: number;
  ttlMs: number | undefined;
}
export type Pending = PendingPut | { type: 'delete' };

export class WriteOverlay {
  readonly #byKey = new Map<string, Pending>();
  /** Clears queued and not yet settled: until then every key not in #byKey is a miss. */
  #clears = 0;
  /** Reads in flight by key, marked when a set, delete or clear is issued meanwhile. */
  readonly #reading = new ReadMarks();

  /** A write of `key` is queued: it answers reads of the key until `settle`. */
  write(key: string, pending: Pending): void {
    this.#byKey.set(key, pending);
    this.#reading.change([key]);
  }

  /** A clear is queued: call the returned function once it settled. */
  clear(): () => void {
    this.#byKey.clear();
    this.#clears++;
    this.#reading.change(undefined);
    return () => void this.#clears--;
  }

  /** The write settled (stored or not): the disk answers again, unless a later write replaced it. */
  settle(key: string, pending: Pending): void {
    if (this.#byKey.get(key) === pending) this.#byKey.delete(key);
  }

  /** null = not decided by queued writes; undefined = a miss; else a hit from a queued put. */
  hit(key: string, now: number, allowStale: boolean): DiskHit | undefined | null {
    const pending = this.#byKey.get(key);
    if (!pending) return this.#clears > 0 ? undefined : null;
    if (pending.type === 'delete') return undefined;
    const stale = isExpired(pending, now);
    if (stale && !allowStale) return undefined;
    const { value, createdAt, expiresAt } = pending;
    const size = value.bytes.byteLength;
    // Not yet encoded: sizes are the raw ones until the write completes.
    const info = { key, kind: value.kind, codec: 'raw' as const, rawBytes: size, storedBytes: size, createdAt, expiresAt, lastAccess: now };
    return { value, info: value.meta ? { ...info, meta: value.meta } : info, stale };
  }

  /**
   * Answers from queued writes, else from `readDisk`. A set, delete or clear of the key issued
   * while the read is on its way marks it: what it found may be older than that change, which
   * may already be stored (and so gone from the overlay) when the read returns. A marked read is
   * answered from the overlay, or read once more.
   */
  async read(key: string, fromOverlay: () => DiskHit | undefined | null, readDisk: () => Promise<DiskHit | undefined>): Promise<DiskHit | undefined> {
    const early = fromOverlay();
    if (early !== null) return early;
    for (let attempt = 0; ; attempt++) {
      const mark = this.#reading.take(key);
      let result: DiskHit | undefined;
      try {
        result = await readDisk();
      } finally {
        this.#reading.release(key, mark);
      }
      if (!mark.changed || attempt > 0) return result;
      const pending = fromOverlay();
      if (pending !== null) return pending;
    }
  }
}
