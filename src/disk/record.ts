// The stored record format. Each entry is two IndexedDB records written in one transaction:
// a small `MetaRecord` in store `meta` (listed, indexed and evicted without touching bodies) and
// its body bytes in store `bodies` under the same key, beside a copy of the meta as written (see
// store/schema.ts for why not one record). Pure: no IndexedDB here.
import { decodeBodyAsync, type Codec, type CorruptReason, type EncodedBody } from '../codec/index.ts';
import { isValueKind } from '../valueKinds.ts';
import type { DiskRecordInfo, EncodedValue, ResponseMeta, ValueKind } from '../diskContract.ts';

/** Bumped when the record layout changes. A record with a newer version is a miss and is deleted. */
export const FORMAT_VERSION = 1;

export interface MetaRecord {
  key: string;
  /** Format version (FORMAT_VERSION when written). */
  v: number;
  kind: ValueKind;
  codec: Codec;
  rawBytes: number;
  storedBytes: number;
  createdAt: number;
  /** Absent when the record never expires: it then takes no entry in the expiry index (one index write less per put). */
  expiresAt?: number;
  lastAccess: number;
  /** Adler-32 of the stored body bytes. */
  checksum: number;
  meta?: ResponseMeta;
  /** With codec 'deflate-dict': the dictionary's id and Adler-32 (src/dictionary). */
  dictionary?: { id: string; checksum: number };
}

/** One entry as the tier handles it: its metadata and its stored bytes (the store splits it in two records). */
export interface EntryRecord extends MetaRecord {
  body: ArrayBuffer;
}

/** The totals record as stored, rewritten in the same transaction as every write and delete (store/totals.ts). */
export interface StoredTotals {
  entries: number;
  rawBytes: number;
  storedBytes: number;
}

/** The totals with the counters kept beside them. */
export interface Totals extends StoredTotals {
  /** Records found corrupt and deleted, ever. */
  corrupt: number;
  /** Entries an upgrade of the schema could not keep, ever (see store/schema.ts). */
  dropped: number;
}

/** The public view of a record: everything but the version and checksum (and a body beside it). */
export function toInfo({ key, kind, codec, rawBytes, storedBytes, createdAt, expiresAt, lastAccess, meta }: MetaRecord): DiskRecordInfo {
  const info: DiskRecordInfo = { key, kind, codec, rawBytes, storedBytes, createdAt, expiresAt: expiresAt ?? Infinity, lastAccess };
  if (meta) info.meta = meta;
  return info;
}

/** Whether a record has expired at `now` (an entry expiring at t is stale from t on). */
export function isExpired(record: { expiresAt?: number }, now: number): boolean {
  return record.expiresAt !== undefined && now >= record.expiresAt;
}

/** Two metas describe the same stored write (used so a corrupt-record delete never removes a newer write). */
export function sameWrite(a: MetaRecord, b: MetaRecord): boolean {
  return a.createdAt === b.createdAt && a.checksum === b.checksum && a.storedBytes === b.storedBytes;
}

/** Builds the meta record of a new write. */
export function makeMeta(key: string, value: EncodedValue, encoded: EncodedBody & Pick<MetaRecord, 'dictionary'>, now: number, ttlMs: number | undefined): MetaRecord {
  const { codec, body, checksum, dictionary } = encoded;
  const record: MetaRecord = { key, v: FORMAT_VERSION, kind: value.kind, codec, rawBytes: value.bytes.byteLength, storedBytes: body.byteLength, createdAt: now, lastAccess: now, checksum };
  if (ttlMs !== undefined) record.expiresAt = now + ttlMs;
  if (value.meta) record.meta = value.meta;
  if (dictionary) record.dictionary = dictionary;
  return record;
}

export type RecordCheck = { ok: true; bytes: Uint8Array } | { ok: false; reason: CorruptReason | 'kind' };

/**
 * A stored record's raw bytes, or why it is refused: a newer format version, a kind this version
 * does not know (it would pass its checksum and fail in decodeValue, after the tier served it),
 * or a body that fails the codec's checks (`dictionary`: the checked bytes of a 'deflate-dict' body's). Never rejects.
 */
export async function decodeRecord(record: MetaRecord, body: unknown, native?: boolean, dictionary?: Uint8Array): Promise<RecordCheck> {
  if (record.v !== FORMAT_VERSION) return { ok: false, reason: 'version' };
  if (!isValueKind(record.kind)) return { ok: false, reason: 'kind' };
  return decodeBodyAsync(record, body, native, dictionary);
}
