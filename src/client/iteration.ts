// keys() and entries() of a TierCache: the memory tier first (most recently used first), then the
// disk records memory does not hold (most recently accessed first). Responses kept by cache.fetch
// or the worker's routes, and tiercache's own records, are not the app's values: skipped.
// The disk listing is one snapshot of every record's metadata (no bodies), taken when iteration
// reaches the disk; entries() then reads each value without promoting it into memory.
import type { DiskRecordInfo } from '../diskContract.ts';
import { isInternalKey } from '../internalKeys.ts';
import type { MemoryLruCore } from '../lru/MemoryLru.ts';
import { decodeValue } from '../value.ts';
import { isMemoryResponse } from './memoryResponse.ts';
import type { DiskLink } from './diskLink.ts';

/** The protocol's list takes an integer limit: this one means all. */
const ALL = 2 ** 30;

export interface IterationContext {
  memory: MemoryLruCore<unknown>;
  link: DiskLink | undefined;
  now: () => number;
  /** False while a clear() is under way: the disk answers nothing then. */
  diskReadable: () => boolean;
  onError: (err: unknown) => void;
}

async function diskRecords(ctx: IterationContext): Promise<DiskRecordInfo[]> {
  const link = ctx.link;
  if (!link || !ctx.diskReadable()) return [];
  try {
    return await link.run((d) => d.list(ALL));
  } catch (err) {
    ctx.onError(err);
    return [];
  }
}

/** [key, value, tier] of every app value, memory first; disk values are read as iteration gets to them. */
async function* walk(ctx: IterationContext, withValues: boolean): AsyncGenerator<[string, unknown]> {
  const seen = new Set<string>();
  for (const [key, value] of ctx.memory.entries()) {
    if (isMemoryResponse(value) || isInternalKey(key)) continue;
    seen.add(key);
    yield [key, value];
  }
  for (const info of await diskRecords(ctx)) {
    if (seen.has(info.key) || info.kind === 'response' || isInternalKey(info.key) || info.expiresAt <= ctx.now()) continue;
    seen.add(info.key);
    if (!withValues) {
      yield [info.key, undefined];
      continue;
    }
    const value = await readValue(ctx, info.key);
    if (value !== undefined) yield [info.key, value];
  }
}

async function readValue(ctx: IterationContext, key: string): Promise<unknown> {
  try {
    const found = await ctx.link!.run((d) => d.get(key, false));
    return found && found.value.kind !== 'response' ? decodeValue(found.value) : undefined;
  } catch (err) {
    ctx.onError(err);
    return undefined;
  }
}

export async function* iterateKeys(ctx: IterationContext): AsyncGenerator<string, void, undefined> {
  for await (const [key] of walk(ctx, false)) yield key;
}

export async function* iterateEntries<T>(ctx: IterationContext): AsyncGenerator<[string, T], void, undefined> {
  for await (const [key, value] of walk(ctx, true)) yield [key, value as T];
}
