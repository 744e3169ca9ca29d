// The codec: a value's bytes to the stored body and back (raw DEFLATE or raw, under an Adler-32
// checksum). Pure bytes in, bytes out: no IndexedDB, no record format. The disk tier stamps each
// record with what decoding needs (codec, sizes, checksum).
export { adler32 } from './checksum.ts';
export { DEFAULT_COMPRESS, deflateNatively, encodeBody, encodeBodyAsync, MAX_DEFLATE_RATIO, resolveCompress, type Codec, type CompressOptions, type EncodedBody } from './deflate.ts';
export { decodeBody, decodeBodyAsync, NATIVE_INFLATE_ABOVE, type BodyStamp, type CorruptReason, type DecodeResult } from './inflate.ts';
