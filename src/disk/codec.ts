// Record bodies: deflate on the way down (fflate, synchronous: it must finish before the
// IndexedDB transaction opens), verify and inflate on the way up. Pure: no IndexedDB here.
import { deflateSync, inflateSync } from 'fflate';
import { adler32 } from './checksum.ts';
import { FORMAT_VERSION, type Codec, type MetaRecord } from './record.ts';
import type { ValueKind } from './types.ts';

/** Kinds a record may carry: anything else was not written by encodeValue and cannot be decoded. */
const KINDS: ReadonlySet<string> = new Set<ValueKind>([
  'json', 'string', 'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'response',
]);

export interface CompressOptions {
  /** Values smaller than this are stored raw: deflate's fixed cost (~60 µs) buys little below 1 KiB. */
  minBytes: number;
  /** fflate level 0–9. */
  level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** Deflated output must be at most this fraction of the input, else the value is stored raw. */
export const MAX_DEFLATE_RATIO = 0.9;
/** Values larger than this are first probed with a SAMPLE_BYTES slice from the middle: deflating
 * 50 KB of noise costs ~2.4 ms in node here, the probe a tenth of that. */
const SAMPLE_ABOVE = 16 * 1024;
const SAMPLE_BYTES = 4 * 1024;

export interface EncodedBody {
  codec: Codec;
  /** Exactly the stored bytes (its own buffer, no slack: IndexedDB clones the whole buffer). */
  body: ArrayBuffer;
  checksum: number;
}

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * Chooses the codec and produces the stored body. Deflate is skipped below `minBytes` and when it
 * does not save at least 10% (incompressible data: images, already-compressed bodies).
 * `raw` is never modified or retained.
 */
export function encodeBody(raw: Uint8Array, compress: CompressOptions | false): EncodedBody {
  if (compress && raw.byteLength >= compress.minBytes && compress.level > 0 && worthTrying(raw, compress)) {
    const deflated = deflateSync(raw, { level: compress.level });
    if (deflated.byteLength <= raw.byteLength * MAX_DEFLATE_RATIO) {
      return { codec: 'deflate', body: ownBuffer(deflated), checksum: adler32(deflated) };
    }
  }
  // Always a copy: the caller may reuse its buffer before the batch's transaction opens.
  const body = raw.slice().buffer as ArrayBuffer;
  return { codec: 'raw', body, checksum: adler32(raw) };
}

/** A slice of incompressible data (images, zip, already-compressed bodies) predicts the whole. */
function worthTrying(raw: Uint8Array, compress: CompressOptions): boolean {
  if (raw.byteLength <= SAMPLE_ABOVE) return true;
  const start = (raw.byteLength - SAMPLE_BYTES) >> 1;
  const sample = raw.subarray(start, start + SAMPLE_BYTES);
  return deflateSync(sample, { level: compress.level }).byteLength <= SAMPLE_BYTES * MAX_DEFLATE_RATIO;
}

export type CorruptReason = 'version' | 'kind' | 'missing-body' | 'size' | 'checksum' | 'inflate';

export type DecodeResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: CorruptReason };

/**
 * Verifies a stored record and returns its raw bytes. Never throws: a newer format version, a
 * missing or resized body, a failed checksum, or a body that inflates to anything but exactly
 * `rawBytes` (decompression bombs included: output never grows past rawBytes + 1) is a failure.
 */
export function decodeBody(record: MetaRecord, body: unknown): DecodeResult {
  if (record.v !== FORMAT_VERSION) return { ok: false, reason: 'version' };
  // A record of an unknown kind passes its checksum but would fail in decodeValue, after the tier
  // served it: refuse it here, so it is deleted and counted like any other corrupt record.
  if (typeof record.kind !== 'string' || !KINDS.has(record.kind)) return { ok: false, reason: 'kind' };
  if (!(body instanceof ArrayBuffer)) return { ok: false, reason: 'missing-body' };
  const stored = new Uint8Array(body);
  if (stored.byteLength !== record.storedBytes) return { ok: false, reason: 'size' };
  if (adler32(stored) !== record.checksum) return { ok: false, reason: 'checksum' };
  if (record.codec === 'raw') {
    return stored.byteLength === record.rawBytes ? { ok: true, bytes: stored } : { ok: false, reason: 'size' };
  }
  if (record.codec !== 'deflate') return { ok: false, reason: 'version' };
  let out: Uint8Array;
  try {
    // One spare byte: a stream longer than recorded fills it and is caught, instead of being truncated silently.
    out = inflateSync(stored, { out: new Uint8Array(record.rawBytes + 1) });
  } catch {
    return { ok: false, reason: 'inflate' };
  }
  if (out.byteLength !== record.rawBytes) return { ok: false, reason: 'size' };
  return { ok: true, bytes: out };
}

/** Builds the meta record of a new write. */
export function makeMeta(
  key: string,
  value: { kind: MetaRecord['kind']; bytes: Uint8Array; meta?: MetaRecord['meta'] },
  encoded: EncodedBody,
  now: number,
  ttlMs: number | undefined,
): MetaRecord {
  const record: MetaRecord = {
    key,
    v: FORMAT_VERSION,
    kind: value.kind,
    codec: encoded.codec,
    rawBytes: value.bytes.byteLength,
    storedBytes: encoded.body.byteLength,
    createdAt: now,
    lastAccess: now,
    checksum: encoded.checksum,
  };
  if (ttlMs !== undefined) record.expiresAt = now + ttlMs;
  if (value.meta) record.meta = value.meta;
  return record;
}
