// What the worker tells the pages of each cache name it serves, on that name's coherence channel
// (src/wire/coherence.ts): its disk tiers' evictions and faults, which pages re-emit as `evict`
// and `error` events (a quota error handled in the worker is still the app's to hear about), and
// the page writes it stored, announced from here too (see TierCache's 'stored') so that the news
// goes out even when the page that asked is gone before the reply reaches it.
import type { DiskTierLike } from '../diskContract.ts';
import type { ErrorDetail, EvictDetail } from '../types.ts';
import { openChannel, type CoherenceMessage } from '../wire/coherence.ts';

export class PageChannels {
  /** One channel per cache name, opened on first use; undefined without BroadcastChannel. */
  readonly #channels = new Map<string, BroadcastChannel | undefined>();

  /** Forwards a disk tier's `evict` and `error` events to the pages of its name. */
  forward(disk: DiskTierLike): void {
    disk.addEventListener('evict', (event) => {
      const detail = (event as CustomEvent<EvictDetail>).detail;
      this.#post(disk.name, { tiercache: 1, from: 'sw', type: 'evict', key: detail.key, evict: detail });
    });
    disk.addEventListener('error', (event) => {
      const { error } = (event as CustomEvent<ErrorDetail>).detail;
      this.#post(disk.name, { tiercache: 1, from: 'sw', type: 'error', error: { code: error.code, message: error.message } });
    });
  }

  /** Announces page writes now on disk: `keys`, or every key after a clear; `by` = the asking page cache. */
  stored(cacheName: string, keys: string[] | undefined, by: string | undefined): void {
    const message: CoherenceMessage = { tiercache: 1, from: 'sw', type: 'stored' };
    if (keys !== undefined) message.keys = keys;
    if (by !== undefined) message.by = by;
    this.#post(cacheName, message);
  }

  /** A cache.fetch the worker ran for a page replaced a stored response with different content. */
  updated(cacheName: string, key: string, url: string): void {
    this.#post(cacheName, { tiercache: 1, from: 'sw', type: 'update', key, url });
  }

  #post(cacheName: string, message: CoherenceMessage): void {
    if (!this.#channels.has(cacheName)) {
      this.#channels.set(cacheName, openChannel(cacheName));
    }
    this.#channels.get(cacheName)?.postMessage(message);
  }
}
