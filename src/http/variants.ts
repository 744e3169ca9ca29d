// The responses of one URL as one record. A response with `Vary` is stored with the request's
// values of the headers it names (its selection); the other variants of the same URL ride in the
// same record, newest first, so one read finds them all and eviction removes them together (as
// separate records, one could be evicted and leave another that nothing reaches).
//
// Two request headers select nothing here. `Authorization`: the record's key is already
// partitioned by a hash of it. `Accept-Encoding`: a worker reads bodies decoded and serves them
// without a Content-Encoding, so any request can take them. `Origin` is read as what it means to
// the worker: a same-origin request that sends none comes from the worker's own origin, so
// `Vary: Origin` (which servers with CORS add to almost everything) keeps one variant.
import type { DiskHit } from '../diskContract.ts';
import type { ResponseMeta, StoredVariant } from '../types.ts';
import { concatBytes } from '../codec/bytes.ts';
import { headerTokens } from './cacheability.ts';

/** At most this many variants of one URL are kept (the newest). */
export const MAX_VARIANTS = 4;

/** Request headers a stored response never varies on here (see above). */
const SELECTS_NOTHING = new Set(['authorization', 'accept-encoding']);

type Headers = { get(name: string): string | null };

/** The request's values of the headers a response's `Vary` names; undefined when it selects on none. */
export function selectionOf(vary: string | null, request: Headers, origin: string): [string, string][] | undefined {
  const names = [...new Set(headerTokens(vary))].filter((name) => !SELECTS_NOTHING.has(name)).sort();
  if (names.length === 0) return undefined;
  return names.map((name) => [name, requestValue(request, name, origin)]);
}

/** A request's value of a header, as a selection holds it: '' when absent, the worker's origin for a missing Origin. */
function requestValue(request: Headers, name: string, origin: string): string {
  return request.get(name) ?? (name === 'origin' ? origin : '');
}

function matches(selection: readonly [string, string][] | undefined, request: Headers, origin: string): boolean {
  return (selection ?? []).every(([name, value]) => requestValue(request, name, origin) === value);
}

function sameSelection(a: readonly [string, string][] | undefined, b: readonly [string, string][] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function sameNames(a: readonly [string, string][] | undefined, b: readonly [string, string][] | undefined): boolean {
  return JSON.stringify((a ?? []).map(([name]) => name)) === JSON.stringify((b ?? []).map(([name]) => name));
}

/** The variant of a stored record that answers `request`, as a hit of its own; undefined when none does. */
export function pickVariant(record: DiskHit, request: Headers, origin: string, now: number): DiskHit | undefined {
  const meta = record.value.meta!;
  if (matches(meta.vary, request, origin)) {
    if (!meta.others) return record;
    const { others: _others, ...own } = meta;
    return { ...record, value: { ...record.value, bytes: record.value.bytes.subarray(0, meta.bytes ?? record.value.bytes.byteLength), meta: own } };
  }
  let offset = meta.bytes ?? record.value.bytes.byteLength;
  for (const other of meta.others ?? []) {
    const start = offset;
    offset += other.bytes;
    if (!matches(other.vary, request, origin)) continue;
    const { createdAt, expiresAt = Infinity, bytes: _bytes, ...own } = other;
    const info = { ...record.info, createdAt, expiresAt, rawBytes: other.bytes };
    return { value: { kind: 'response', bytes: record.value.bytes.subarray(start, offset), meta: own }, info, stale: now >= expiresAt };
  }
  return undefined;
}

/**
 * The record to store for a new response: it alone, or, when the record already there varies on
 * the same headers, it first and the other variants after it (one with its own selection is
 * replaced), MAX_VARIANTS at most.
 */
export function withVariants(meta: ResponseMeta, bytes: Uint8Array, existing: DiskHit | undefined): { meta: ResponseMeta; bytes: Uint8Array } {
  const old = existing?.value.kind === 'response' ? existing.value.meta : undefined;
  if (!meta.vary || !old?.vary || !sameNames(meta.vary, old.vary)) return { meta, bytes };
  const kept: { variant: StoredVariant; body: Uint8Array }[] = [];
  const ownBytes = old.bytes ?? existing!.value.bytes.byteLength;
  const { others = [], bytes: _bytes, ...oldOwn } = old;
  const first: StoredVariant = { ...oldOwn, bytes: ownBytes, createdAt: existing!.info.createdAt };
  if (existing!.info.expiresAt !== Infinity) first.expiresAt = existing!.info.expiresAt;
  let offset = 0;
  for (const variant of [first, ...others]) {
    const body = existing!.value.bytes.subarray(offset, offset + variant.bytes);
    offset += variant.bytes;
    if (!sameSelection(variant.vary, meta.vary) && kept.length < MAX_VARIANTS - 1) kept.push({ variant, body });
  }
  if (kept.length === 0) return { meta, bytes };
  return { meta: { ...meta, bytes: bytes.byteLength, others: kept.map((k) => k.variant) }, bytes: concatBytes([bytes, ...kept.map((k) => k.body)]) };
}
