// DiskTierOptions validation and defaults. Bad options are a TypeError or RangeError naming the option.
import { resolveCompress, type CompressOptions } from '../codec/options.ts';
import { checkEncrypt } from '../crypto/option.ts';
import type { DiskTierOptions } from '../diskContract.ts';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_LOW_WATER = 0.9;
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
  encrypt: true | CryptoKey | undefined;
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
  const compress = resolveCompress(options.compress);
  if (options.persist !== undefined && typeof options.persist !== 'boolean') throw new TypeError('persist must be a boolean');
  const openTimeoutMs = options.openTimeoutMs === undefined ? DEFAULT_OPEN_TIMEOUT_MS : positive('openTimeoutMs', options.openTimeoutMs);
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('now must be a function returning ms since epoch');
  const encrypt = checkEncrypt(options.encrypt);
  return { name, maxBytes, lowWater, maxEntryBytes, compress, persist: options.persist ?? false, openTimeoutMs, now: options.now ?? Date.now, encrypt };
}
