// createCache(): validates every option synchronously and returns a TierCache at once; the
// disk tier connects lazily, on first use.
import { STRATEGIES, type MemoryOptions, type Strategy } from '../types.ts';
import { NAME_PATTERN, type WireDiskOptions } from '../wire/protocol.ts';
import { resolveOptions } from '../disk/options.ts';
import { checkTtlMs } from '../ttl.ts';
import { checkKnownKeys } from '../optionKeys.ts';
import { TierCache } from './TierCache.ts';
import type { TierCacheConfig } from './config.ts';

export interface CreateCacheOptions {
  /** One IndexedDB database per name. Default 'default'. */
  name?: string;
  /** The in-page LRU. At least one of maxEntries and maxBytes is required. */
  memory: MemoryOptions;
  /** The IndexedDB tier's options (see DiskTierOptions); `false` = memory only. Default {}. */
  disk?: false | WireDiskOptions;
  /** Default freshness in ms, >= 0 (0: stale at once); Infinity or omitted = no expiry. */
  ttlMs?: number;
  /** Largest encoded value `set` accepts (RangeError above). Default: the disk's maxEntryBytes, else disk.maxBytes / 4 (50 MiB / 4). */
  maxEntryBytes?: number;
  /** Default strategy of `cache.fetch`. Default 'network-first'. */
  strategy?: Strategy;
  /** A worker that has not answered within this many ms is bypassed: the page opens the disk tier itself. Default 3000. */
  workerTimeoutMs?: number;
  /** Clock in ms since the epoch. Default Date.now. */
  now?: () => number;
}

const DEFAULT_DISK_BYTES = 50 << 20;

const OPTION_KEYS = ['name', 'memory', 'disk', 'ttlMs', 'maxEntryBytes', 'strategy', 'workerTimeoutMs', 'now', 'openDisk'];
const MEMORY_KEYS = ['maxEntries', 'maxBytes', 'maxEntryBytes', 'weak'];
// `encrypt` is the disk tier's, checked there (ARCHITECTURE.md: disk.encrypt).
const DISK_KEYS = ['maxBytes', 'lowWater', 'maxEntryBytes', 'compress', 'persist', 'openTimeoutMs', 'encrypt'];

function positive(value: unknown, what: string, { integer = false } = {}): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${what} must be a number, got ${String(value)}`);
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${what} must be a finite number > 0, got ${value}`);
  if (integer && !Number.isInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
}

export function createCache(options: CreateCacheOptions): TierCache {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createCache(options): options must be an object like { memory: { maxEntries, maxBytes }, disk, ttlMs }');
  }
  checkKnownKeys(options, OPTION_KEYS, 'createCache');
  const name = options.name ?? 'default';
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new TypeError(`name must match ${String(NAME_PATTERN)}, got ${String(name)}`);
  const memory = options.memory;
  if (typeof memory === 'object' && memory !== null) checkKnownKeys(memory, MEMORY_KEYS, 'createCache memory');
  if (typeof memory !== 'object' || memory === null || (memory.maxEntries === undefined && memory.maxBytes === undefined)) {
    throw new TypeError('createCache needs a memory bound: set memory.maxEntries (a count), memory.maxBytes (a byte budget), or both');
  }
  positive(memory.maxEntries, 'memory.maxEntries', { integer: true });
  positive(memory.maxBytes, 'memory.maxBytes');
  positive(memory.maxEntryBytes, 'memory.maxEntryBytes');
  if (memory.weak !== undefined && typeof memory.weak !== 'boolean') throw new TypeError('memory.weak must be a boolean');
  const disk = options.disk ?? {};
  if (disk !== false) {
    if (typeof disk !== 'object' || disk === null) throw new TypeError('disk must be false or an object like { maxBytes }');
    checkKnownKeys(disk, DISK_KEYS, 'createCache disk');
    // Exactly as the disk tier will check them, here and now rather than later in the worker,
    // where a bad option could only become an `error` event.
    try {
      resolveOptions({ ...disk, name });
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        error.message = `disk.${error.message}`;
      }
      throw error;
    }
  }
  checkTtlMs(options.ttlMs);
  positive(options.maxEntryBytes, 'maxEntryBytes');
  positive(options.workerTimeoutMs, 'workerTimeoutMs');
  const strategy = options.strategy ?? 'network-first';
  if (!STRATEGIES.includes(strategy)) throw new TypeError(`strategy must be one of ${STRATEGIES.join(', ')}, got ${String(strategy)}`);
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('now must be a function returning ms');

  const diskLimit = disk === false ? Infinity : (disk.maxEntryBytes ?? (disk.maxBytes ?? DEFAULT_DISK_BYTES) / 4);
  const config: TierCacheConfig = {
    name,
    memory: { ...memory },
    disk: disk === false ? false : { ...disk },
    ttlMs: options.ttlMs === Infinity ? undefined : options.ttlMs,
    maxEntryBytes: options.maxEntryBytes ?? diskLimit,
    strategy,
    workerTimeoutMs: options.workerTimeoutMs ?? 3000,
    now: options.now ?? Date.now,
  };
  // Undocumented hook for tests: open the page's DiskTier through a wrapper.
  const openDisk = (options as { openDisk?: TierCacheConfig['openDisk'] }).openDisk;
  if (openDisk !== undefined) {
    if (typeof openDisk !== 'function') throw new TypeError('openDisk must be a function');
    config.openDisk = openDisk;
  }
  return new TierCache(config);
}
