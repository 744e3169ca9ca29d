// DiskTierOptions validation and defaults. Bad options are a TypeError or RangeError naming the option.
import type { CompressOptions } from './codec.ts';
import type { DiskTierOptions } from './types.ts';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_LOW_WATER = 0.9;
export const DEFAULT_MIN_BYTES = 1024;
export const DEFAULT_LEVEL = 6;
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;

export interface ResolvedOptions {
  name: string;
  maxBytes: number;
  lowWater: number;
  maxEntryBytes: number;
  compress: CompressOptions | false;
  persist: boolean;
  openTimeoutMs: number;
  now: () => number;
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
  return value;
}

export function resolveOptions(options: DiskTierOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('DiskTier needs options: { name, maxBytes?, lowWater?, maxEntryBytes?, compress?, persist?, openTimeoutMs?, now? }');
  }
  const { name } = options;
  if (typeof name !== 'string' || name === '') throw new TypeError('name must be a non-empty string (one IndexedDB database per name)');
  const maxBytes = options.maxBytes === undefined ? DEFAULT_MAX_BYTES : positive('maxBytes', options.maxBytes);
  const lowWater = options.lowWater === undefined ? DEFAULT_LOW_WATER : positive('lowWater', options.lowWater);
  if (lowWater > 1) throw new RangeError(`lowWater is a fraction of maxBytes in (0, 1], got ${lowWater}`);
  const maxEntryBytes = options.maxEntryBytes === undefined ? Math.floor(maxBytes / 4) : positive('maxEntryBytes', options.maxEntryBytes);
  let compress: CompressOptions | false;
  if (options.compress === false) compress = false;
  else if (options.compress === undefined) compress = { minBytes: DEFAULT_MIN_BYTES, level: DEFAULT_LEVEL };
  else if (typeof options.compress !== 'object' || options.compress === null) {
    throw new TypeError('compress must be false or { minBytes?, level? }');
  } else {
    const { minBytes = DEFAULT_MIN_BYTES, level = DEFAULT_LEVEL } = options.compress;
    if (typeof minBytes !== 'number') throw new TypeError(`compress.minBytes must be a number, got ${typeof minBytes}`);
    if (!Number.isFinite(minBytes) || minBytes < 0) throw new RangeError(`compress.minBytes must be a finite number >= 0, got ${minBytes}`);
    if (typeof level !== 'number') throw new TypeError(`compress.level must be a number, got ${typeof level}`);
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError(`compress.level must be an integer 0–9, got ${level}`);
    compress = { minBytes, level };
  }
  if (options.persist !== undefined && typeof options.persist !== 'boolean') throw new TypeError('persist must be a boolean');
  const openTimeoutMs = options.openTimeoutMs === undefined ? DEFAULT_OPEN_TIMEOUT_MS : positive('openTimeoutMs', options.openTimeoutMs);
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('now must be a function returning ms since epoch');
  return {
    name,
    maxBytes,
    lowWater,
    maxEntryBytes,
    compress,
    persist: options.persist ?? false,
    openTimeoutMs,
    now: options.now ?? Date.now,
  };
}
