// The write queue: sets, deletes and clears in order, in batches of one transaction each. A batch
// is encoded (deflated) before its transaction opens, never inside it, and while the previous
// batch commits: the commit runs in the browser's storage backend, off this thread, so the deflate
// of batch N+1 hides behind the commit of batch N. One transaction is in flight at a time, so
// batches store in the order they were queued, through quota retries too.
import type { Pending, PendingPut } from './overlay.ts';
import type { CommitResult, WriteOp } from './store/index.ts';

/**
 * A write transaction carries at most this many ops (issuing a put's requests costs 50–140 µs of
 * the thread here and a transaction's requests are issued in one task: 250 ops keep that task
 * near 15–35 ms; an extra transaction costs 1–3 ms)…
 */
const MAX_TX_OPS = 250;
/** …and this many raw bytes, so one QuotaExceededError drops at most this much. */
const MAX_TX_BYTES = 1 << 20;
/** Encoding runs at most this long before the event loop gets a turn (a 1 MiB batch deflates in 20–40 ms here). */
const ENCODE_SLICE_MS = 8;

export interface QueuedWrite {
  /** A put's op is built (encoded) when its batch is prepared, just before its transaction. */
  op: Exclude<WriteOp, { type: 'put' }> | PendingPut;
  resolve?: (ok: boolean) => void;
  /** The read-your-writes entry this write made: settled with it. */
  overlay?: Pending;
}

export interface WriteQueueHooks {
  /** The stored form of a put (deflated, or raw where that does not pay). */
  encode(put: PendingPut): Promise<WriteOp>;
  /** Ops that may fill a batch's spare room (coalesced touches). */
  fill(room: number): WriteOp[];
  /** Stores one batch: its result, or undefined when it was not stored (and reported). */
  store(ops: WriteOp[]): Promise<CommitResult | undefined>;
  /** Runs once a batch settled, before its writers hear (the budget holds when a set resolves). */
  afterBatch(ops: WriteOp[], result: CommitResult | undefined): Promise<void>;
  /** A queued write settled: its read-your-writes entry goes. */
  settle(key: string, overlay: Pending): void;
}

/**
 * A turn of the event loop: a message to ourselves. Unlike setTimeout(0) it is not clamped to
 * 4 ms when chained, and unlike scheduler.yield() it queues behind tasks already waiting (timers,
 * a worker's fetch events) instead of resuming ahead of them.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

export class WriteQueue {
  readonly #hooks: WriteQueueHooks;
  #queue: QueuedWrite[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;

  constructor(hooks: WriteQueueHooks) {
    this.#hooks = hooks;
  }

  /** Whether anything is queued or being written. */
  get busy(): boolean {
    return this.#queue.length > 0 || this.#running !== undefined || this.#timer !== undefined;
  }

  /** Queues a write. One task's worth of writes share a transaction. */
  push(item: QueuedWrite): void {
    this.#queue.push(item);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer === undefined && !this.#running) this.#timer = setTimeout(() => this.#start(), 0);
  }

  /** Resolves once nothing is queued or being written (starting what waits for its timer now). */
  async settled(): Promise<void> {
    while (this.busy) {
      if (!this.#running) this.#start();
      await this.#running;
    }
  }

  #start(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #drain(): Promise<void> {
    let previous: Promise<void> = Promise.resolve();
    for (;;) {
      if (this.#queue.length === 0) {
        await previous;
        if (this.#queue.length === 0) return;
        continue;
      }
      const items = this.#take();
      const ops = await this.#prepare(items); // while the previous batch commits
      await previous;
      previous = this.#commit(items, ops);
    }
  }

  /** The next batch: the first queued writes within MAX_TX_OPS and MAX_TX_BYTES. */
  #take(): QueuedWrite[] {
    let bytes = 0;
    let n = 0;
    for (const { op } of this.#queue) {
      const size = op.type === 'put' ? op.value.bytes.byteLength : 0;
      if (n > 0 && (n >= MAX_TX_OPS || bytes + size > MAX_TX_BYTES)) break;
      bytes += size;
      n++;
    }
    return this.#queue.splice(0, n);
  }

  /** Encodes the batch's puts, in slices with the event loop let through between them, and fills spare room. */
  async #prepare(items: QueuedWrite[]): Promise<WriteOp[]> {
    const ops: WriteOp[] = [];
    let sliceStart = performance.now();
    for (const { op } of items) {
      if (op.type !== 'put') {
        ops.push(op);
        continue;
      }
      if (performance.now() - sliceStart > ENCODE_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      ops.push(await this.#hooks.encode(op));
    }
    return ops.concat(this.#hooks.fill(MAX_TX_OPS - ops.length));
  }

  /** Stores a batch, lets `afterBatch` run, then tells each writer whether its write is stored. */
  async #commit(items: QueuedWrite[], ops: WriteOp[]): Promise<void> {
    let result: CommitResult | undefined;
    try {
      result = await this.#hooks.store(ops);
      await this.#hooks.afterBatch(ops, result);
    } finally {
      items.forEach((item, i) => {
        const key = 'key' in item.op ? item.op.key : undefined;
        if (key !== undefined && item.overlay) this.#hooks.settle(key, item.overlay);
        item.resolve?.(result?.results[i] === true);
      });
    }
  }
}
