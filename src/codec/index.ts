// The codec: a value's bytes to the stored body and back (raw DEFLATE, with or without a preset
// dictionary, or raw, under an Adler-32 checksum). Pure bytes in, bytes out: no IndexedDB, no record format. The disk tier stamps each
// record with what decoding needs (codec, sizes, checksum).
export { adler32 } from './checksum.ts';
export { deflateNatively, encodeBody, encodeBodyAsync, MAX_DEFLATE_RATIO, type Codec, type EncodedBody } from './deflate.ts';
export { deflateWithDictionary, MAX_DICTIONARY_BYTES, storedBlockHeader, trainDictionary } from './dictionary.ts';
export { DEFAULT_COMPRESS, resolveCompress, type CompressOptions } from './options.ts';
export { decodeBody, decodeBodyAsync, NATIVE_INFLATE_ABOVE, type BodyStamp, type CorruptReason, type DecodeResult } from './inflate.ts';
