// A TierCache's side of cross-tab coherence (the messages themselves: src/wire/coherence.ts). It
// announces this cache's changes on `tiercache:<name>`, and applies what other tabs and the
// worker announce: their changes drop this tab's memory copies and mark its reads in flight
// (what those bring back may predate the change, so it is not kept); the worker's disk faults
// and evictions become this cache's `error` and `evict` events.
import { CacheError } from '../errors.ts';
import type { MemoryLruCore } from '../lru/MemoryLru.ts';
import type { ReadMarks } from '../readMarks.ts';
import type { ChangeDetail, ErrorDetail } from '../types.ts';
import { openChannel, parseCoherence, type CoherenceMessage } from '../wire/coherence.ts';

/** A message as this cache announces it (the channel adds the protocol tag and the sender). */
export type Announcement = Omit<CoherenceMessage, 'tiercache' | 'from'>;

export interface TabCoherenceOptions {
  name: string;
  /** This cache's id: its messages come back to it as echoes, and are ignored. */
  id: string;
  memory: MemoryLruCore<unknown>;
  inFlight: ReadMarks;
  /** Without a disk tier this tab's values are the only copies there are: a 'stored' note drops nothing. */
  hasDisk: boolean;
  /** Whether the worker runs this cache's disk tier now: its faults and evictions are then ours. */
  workerMode: () => boolean;
  /** Another tab cleared the cache: values on their way to disk are dropped too. */
  onRemoteClear: () => void;
  emit: (type: string, detail: unknown) => void;
  onError: (err: unknown) => void;
}

export class TabCoherence {
  readonly #o: TabCoherenceOptions;
  readonly #channel: BroadcastChannel | undefined;
  #deaf = false;
  #dropping = false;

  constructor(options: TabCoherenceOptions) {
    this.#o = options;
    this.#channel = openChannel(options.name);
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
  }

  /** Tells the other tabs and the worker; a channel that cannot post is reported, never thrown. */
  announce(m: Announcement): void {
    try {
      this.#channel?.postMessage({ tiercache: 1, from: this.#o.id, ...m } satisfies CoherenceMessage);
    } catch (err) {
      this.#o.onError(err);
    }
  }

  /** Stops hearing at once; announcing goes on until close() (queued writes still announce). */
  deafen(): void {
    this.#deaf = true;
    if (this.#channel) this.#channel.onmessage = null;
  }

  close(): void {
    this.#channel?.close();
  }

  /** True while memory copies are dropped for another tab: those drops are not evictions. */
  get dropping(): boolean {
    return this.#dropping;
  }

  #receive(data: unknown): void {
    const o = this.#o;
    const m = parseCoherence(data);
    if (!m || m.from === o.id || this.#deaf) return;
    if (m.type === 'error') {
      // A fault the worker's disk tier reported (it degraded there, as it would here).
      if (o.workerMode()) o.emit('error', { error: new CacheError(m.error!.code, `service worker: ${m.error!.message}`) } satisfies ErrorDetail);
      return;
    }
    if (m.type === 'evict') {
      // The worker's disk tier evicted a record: memory copies stay valid; report it.
      if (o.workerMode()) o.emit('evict', m.evict);
      return;
    }
    // The worker's announcement of a write this cache made: nothing here predates it.
    if (m.type === 'stored' && m.by === o.id) return;
    o.inFlight.change(m.type === 'clear' ? undefined : (m.keys ?? (m.key === undefined ? undefined : [m.key])));
    if (m.type === 'stored') {
      // The second announcement of a change listeners already heard of: drop, tell no one.
      // Whatever this tab holds of those keys may predate that write on disk, its own sets
      // included (the other write may have landed after them). Without a disk tier, though,
      // this tab's values are the only copies there are: nothing to re-read, so they stay.
      if (!o.hasDisk) return;
      this.#drop(() => {
        if (m.keys === undefined) o.memory.clear();
        else for (const key of m.keys) o.memory.delete(key);
      });
      return;
    }
    this.#drop(() => {
      if (m.type === 'clear') {
        o.memory.clear();
        o.onRemoteClear();
      } else if (m.key !== undefined) {
        o.memory.delete(m.key);
      }
    });
    const detail: ChangeDetail = { type: m.type as ChangeDetail['type'], origin: 'remote' };
    if (m.key !== undefined) detail.key = m.key;
    o.emit('change', detail);
  }

  /** Runs fn with `dropping` set: the memory drops it makes are another tab's doing. */
  #drop(fn: () => void): void {
    this.#dropping = true;
    try {
      fn();
    } finally {
      this.#dropping = false;
    }
  }
}
