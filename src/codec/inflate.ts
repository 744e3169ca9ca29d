// The way up: checks a stored body against what was recorded when it was written (stored size,
// checksum, codec, raw size) and restores its raw bytes. Never throws: a body that fails any
// check, or inflates to anything but exactly its raw size, is a failure with a reason.
import { inflateSync } from 'fflate';
import { adler32 } from './checksum.ts';
import type { Codec } from './deflate.ts';
import { storedBlockHeader } from './dictionary.ts';
import { hasNative, pump } from './native.ts';

/** DEFLATE's largest expansion: a 258-byte match per ~2 bits of stream, about 1032:1. */
const MAX_INFLATE_RATIO = 1032;

/** Why a stored body was refused ('version': a codec this version does not know; 'dictionary': its dictionary is missing or fails its checksum). */
export type CorruptReason = 'version' | 'missing-body' | 'size' | 'checksum' | 'inflate' | 'dictionary';

/** What was recorded of a body when it was written (the disk tier keeps it in the record's meta). */
export interface BodyStamp {
  codec: Codec;
  rawBytes: number;
  storedBytes: number;
  checksum: number;
}

export type DecodeResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: CorruptReason };

/**
 * Bodies that inflate to at least this many bytes go through the platform's zlib
 * (DecompressionStream 'deflate-raw') where there is one. Measured in Chromium here: 40 KB of
 * JSON inflates in ~0.3 ms natively against ~0.45 ms with fflate, while below ~8 KB a stream's
 * fixed cost (~0.2 ms) makes fflate the faster one. fflate stays the codec of record: it wrote
 * the body, and it inflates it wherever there is no native stream.
 */
export const NATIVE_INFLATE_ABOVE = 16 * 1024;

type Verified = { ok: true; stored: Uint8Array; deflated: boolean } | { ok: false; reason: CorruptReason };

/** Every check that needs no inflating: body present, sizes, checksum, codec (and a dictionary for 'deflate-dict'). */
function verify(stamp: BodyStamp, body: unknown, dictionary: Uint8Array | undefined): Verified {
  if (!(body instanceof ArrayBuffer)) return { ok: false, reason: 'missing-body' };
  const stored = new Uint8Array(body);
  if (stored.byteLength !== stamp.storedBytes) return { ok: false, reason: 'size' };
  // The stamp is not under the checksum: a recorded size DEFLATE cannot reach from this body
  // (at most 1032:1), or no size at all, is refused before anything is allocated for it.
  const { rawBytes } = stamp;
  if (!Number.isSafeInteger(rawBytes) || rawBytes < 0 || rawBytes > stored.byteLength * MAX_INFLATE_RATIO + MAX_INFLATE_RATIO) {
    return { ok: false, reason: 'size' };
  }
  if (adler32(stored) !== stamp.checksum) return { ok: false, reason: 'checksum' };
  if (stamp.codec === 'raw') return stored.byteLength === rawBytes ? { ok: true, stored, deflated: false } : { ok: false, reason: 'size' };
  if (stamp.codec === 'deflate-dict' && !dictionary) return { ok: false, reason: 'dictionary' };
  return stamp.codec === 'deflate' || stamp.codec === 'deflate-dict' ? { ok: true, stored, deflated: true } : { ok: false, reason: 'version' };
}

function inflateWithFflate(stored: Uint8Array, rawBytes: number, dictionary?: Uint8Array): DecodeResult {
  let out: Uint8Array;
  try {
    // One spare byte: a stream longer than recorded fills it and is caught, instead of being truncated silently.
    out = inflateSync(stored, { out: new Uint8Array(rawBytes + 1), dictionary });
  } catch {
    return { ok: false, reason: 'inflate' };
  }
  if (out.byteLength !== rawBytes) return { ok: false, reason: 'size' };
  return { ok: true, bytes: out };
}

/**
 * Inflates natively into exactly `rawBytes`: output past that is a failure found as soon as it is
 * produced (the stream is cancelled, so a bomb never grows), as is a stream that errors (bad
 * data, junk after the end) or ends short.
 */
async function inflateNatively(stored: Uint8Array, rawBytes: number, dictionary?: Uint8Array): Promise<DecodeResult> {
  let out: Uint8Array;
  let offset = 0;
  // A dictionary goes first as a stored block (see storedBlockHeader); its output is skipped.
  let skip = dictionary?.byteLength ?? 0;
  const input = dictionary ? [storedBlockHeader(dictionary), dictionary, stored] : stored;
  try {
    out = new Uint8Array(rawBytes);
    const fits = await pump(new DecompressionStream('deflate-raw'), input, (whole) => {
      const chunk = whole.subarray(Math.min(skip, whole.byteLength));
      skip -= whole.byteLength - chunk.byteLength;
      if (offset + chunk.byteLength > rawBytes) return false;
      out.set(chunk, offset);
      offset += chunk.byteLength;
      return true;
    });
    if (!fits) return { ok: false, reason: 'size' };
  } catch {
    return { ok: false, reason: 'inflate' };
  }
  return offset === rawBytes ? { ok: true, bytes: out } : { ok: false, reason: 'size' };
}

/**
 * Verifies a stored body against its stamp and returns its raw bytes. Never throws: a codec this
 * version does not know, a missing or resized body, a failed checksum, or a body that inflates to
 * anything but exactly `rawBytes` (decompression bombs included: output never grows past
 * rawBytes + 1) is a failure. `dictionary`: as for decodeBodyAsync.
 */
export function decodeBody(stamp: BodyStamp, body: unknown, dictionary?: Uint8Array): DecodeResult {
  const verified = verify(stamp, body, dictionary);
  if (!verified.ok) return verified;
  return verified.deflated ? inflateWithFflate(verified.stored, stamp.rawBytes, dictionary) : { ok: true, bytes: verified.stored };
}

/**
 * decodeBody with the same checks and results, for the read path: large bodies are inflated by
 * the platform's zlib when it has one (see NATIVE_INFLATE_ABOVE), dictionary bodies included.
 * `dictionary`: the bytes a 'deflate-dict' body was deflated against (the caller checked them);
 * given for no other codec.
 * Never rejects.
 */
export async function decodeBodyAsync(stamp: BodyStamp, body: unknown, native: boolean = hasNative('DecompressionStream'), dictionary?: Uint8Array): Promise<DecodeResult> {
  const verified = verify(stamp, body, dictionary);
  if (!verified.ok) return verified;
  if (!verified.deflated) return { ok: true, bytes: verified.stored };
  if (native && stamp.rawBytes >= NATIVE_INFLATE_ABOVE) return inflateNatively(verified.stored, stamp.rawBytes, dictionary);
  return inflateWithFflate(verified.stored, stamp.rawBytes, dictionary);
}
