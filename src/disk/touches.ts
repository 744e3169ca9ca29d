// Last-access updates from reads, coalesced: a hit costs no write of its own. They ride along with
// the next write transaction, or go in one of their own after TOUCH_FLUSH_MS (or TOUCH_FLUSH_COUNT).
import type { WriteOp } from './store/index.ts';

/** Last-access updates wait at most this long (or this many) before they are written. */
const TOUCH_FLUSH_MS = 2000;
const TOUCH_FLUSH_COUNT = 512;

type TouchOp = Extract<WriteOp, { type: 'touch' }>;

export class TouchBuffer {
  readonly #at = new Map<string, number>();
  readonly #flush: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** `flush` is called when the buffer wants its updates written (take them with `take`). */
  constructor(flush: () => void) {
    this.#flush = flush;
  }

  touch(key: string, at: number): void {
    if (this.#closed) return;
    this.#at.set(key, at);
    if (this.#at.size >= TOUCH_FLUSH_COUNT) this.#flush();
    else this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, TOUCH_FLUSH_MS);
  }

  /** The key was deleted or evicted (or every key, without one): its access time no longer matters. */
  forget(key?: string): void {
    if (key === undefined) this.#at.clear();
    else this.#at.delete(key);
  }

  /** Takes at most `max` pending updates as write ops. */
  take(max = Infinity): TouchOp[] {
    const ops: TouchOp[] = [];
    for (const [key, at] of this.#at) {
      if (ops.length >= max) break;
      ops.push({ type: 'touch', key, at });
      this.#at.delete(key);
    }
    if (this.#at.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    return ops;
  }

  /** No more timers; what is pending is still there to `take`. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
