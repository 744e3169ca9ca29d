// Cross-tab coherence: every TierCache of a name, and the worker, share the BroadcastChannel
// `tiercache:<name>`. A message drops the receivers' memory copies of a key (or all of them);
// the sender's own id travels with it so it never acts on its own echo.
import type { EvictDetail } from '../types.ts';

export interface CoherenceMessage {
  tiercache: 1;
  /** Sender id: a random id per TierCache, or 'sw' for the worker. */
  from: string;
  /** 'evict': the worker's disk tier evicted a record (pages re-emit it as an `evict` event). */
  type: 'set' | 'delete' | 'clear' | 'update' | 'evict';
  key?: string;
  /** For 'update' from a revalidation: the response URL. */
  url?: string;
  /** For 'evict'. */
  evict?: EvictDetail;
}

export function channelName(name: string): string {
  return `tiercache:${name}`;
}

export function parseCoherence(data: unknown): CoherenceMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.tiercache !== 1 || typeof m.from !== 'string') return undefined;
  if (m.type !== 'set' && m.type !== 'delete' && m.type !== 'clear' && m.type !== 'update' && m.type !== 'evict') return undefined;
  if (m.type !== 'clear' && typeof m.key !== 'string') return undefined;
  if (m.url !== undefined && typeof m.url !== 'string') return undefined;
  if (m.type === 'evict') {
    const e = m.evict as Record<string, unknown> | undefined;
    if (typeof e !== 'object' || e === null || e.key !== m.key || e.tier !== 'disk' || typeof e.reason !== 'string' || typeof e.bytes !== 'number') return undefined;
  }
  return m as unknown as CoherenceMessage;
}

/** Opens the channel when BroadcastChannel exists; undefined otherwise (single-tab behaviour). */
export function openChannel(name: string): BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName(name)) : undefined;
}
