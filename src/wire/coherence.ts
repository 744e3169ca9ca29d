// Cross-tab coherence (spoken by the page's TierCache and by the worker's serveCache, owned by
// neither): every TierCache of a name, and the worker, share the BroadcastChannel
// `tiercache:<name>`. A message drops the receivers' memory copies of a key (or all of them);
// the sender's own id travels with it so it never acts on its own echo.
//
// A change is announced twice: when it is made ('set', 'delete', 'clear': listeners hear of it at
// once) and when the disk acknowledged it ('stored'). In between, another tab may re-read the old
// record from disk; the second message makes it drop that copy, and a disk read that was in
// flight across either message is not kept (TierCache counts the messages it received).
import type { CacheErrorCode } from '../errors.ts';
import type { EvictDetail } from '../types.ts';

export interface CoherenceMessage {
  tiercache: 1;
  /** Sender id: a random id per TierCache, or 'sw' for the worker. */
  from: string;
  /**
   * 'evict': the worker's disk tier evicted a record (pages re-emit it as an `evict` event);
   * 'error': the worker's disk tier reported a fault (pages re-emit it as an `error` event).
   */
  type: 'set' | 'delete' | 'clear' | 'update' | 'evict' | 'stored' | 'error';
  key?: string;
  /** For 'stored': the keys whose set or delete is now on disk; absent after a clear (all keys). */
  keys?: string[];
  /** For 'stored' from the worker: the page cache whose write it was (that page ignores it). */
  by?: string;
  /** For 'update' from a revalidation: the response URL. */
  url?: string;
  /** For 'evict'. */
  evict?: EvictDetail;
  /** For 'error': what the worker's CacheError said (errors do not survive a BroadcastChannel). */
  error?: { code: CacheErrorCode; message: string };
}

/** Codes a worker fault may carry to the pages. */
const WORKER_ERROR_CODES: ReadonlySet<string> = new Set<CacheErrorCode>(['quota', 'unavailable', 'closed', 'corrupt', 'write']);

export function channelName(name: string): string {
  return `tiercache:${name}`;
}

export function parseCoherence(data: unknown): CoherenceMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.tiercache !== 1 || typeof m.from !== 'string') return undefined;
  if (m.type !== 'set' && m.type !== 'delete' && m.type !== 'clear' && m.type !== 'update' && m.type !== 'evict' && m.type !== 'stored' && m.type !== 'error') return undefined;
  if (m.type === 'error') {
    const e = m.error as Record<string, unknown> | undefined;
    if (m.key !== undefined || typeof e !== 'object' || e === null || typeof e.code !== 'string' || !WORKER_ERROR_CODES.has(e.code) || typeof e.message !== 'string') return undefined;
  } else if (m.type === 'stored') {
    if (m.key !== undefined) return undefined;
    if (m.keys !== undefined && !(Array.isArray(m.keys) && m.keys.every((k) => typeof k === 'string'))) return undefined;
    if (m.by !== undefined && typeof m.by !== 'string') return undefined;
  } else if (m.type !== 'clear' && typeof m.key !== 'string') return undefined;
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
