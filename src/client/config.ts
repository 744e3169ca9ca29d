// The settings a TierCache runs with: createCache's options, checked and with their defaults.
import type { MemoryOptions, Strategy } from '../types.ts';
import type { WireDiskOptions } from '../wire/protocol.ts';
import type { DiskLink } from './diskLink.ts';

export interface TierCacheConfig {
  name: string;
  memory: MemoryOptions;
  /** false = memory only. */
  disk: false | WireDiskOptions;
  ttlMs: number | undefined;
  maxEntryBytes: number;
  strategy: Strategy;
  workerTimeoutMs: number;
  now: () => number;
  /** @internal tests: open the page's DiskTier. */
  openDisk?: ConstructorParameters<typeof DiskLink>[0]['openDisk'];
}

export interface CacheSetOptions {
  /** Freshness from now in ms (> 0; Infinity = never expires). Default: the cache's ttlMs. */
  ttlMs?: number;
}
