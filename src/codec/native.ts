// The platform's zlib (CompressionStream / DecompressionStream, format 'deflate-raw'), where there
// is one: the same raw DEFLATE as fflate, faster on large bodies. fflate stays the codec of record.

/**
 * Feeds `input` (one chunk, or several in order) through the platform's stream, handing each output chunk to `take` as it comes;
 * `take` returning false cancels the stream and resolves false. Rejects when the stream errors.
 */
export async function pump(stream: CompressionStream | DecompressionStream, input: Uint8Array | Uint8Array[], take: (chunk: Uint8Array) => boolean): Promise<boolean> {
  const writer = stream.writable.getWriter();
  // Their outcome shows on the readable side; unobserved, a failure would be an unhandled rejection.
  for (const part of Array.isArray(input) ? input : [input]) writer.write(part as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (!take(chunk.value)) {
      reader.cancel().catch(() => undefined);
      return false;
    }
  }
  return true;
}

const support = new Map<string, boolean>();
/** Whether the platform's stream exists and takes 'deflate-raw' (older engines have neither, or not that format). */
export function hasNative(stream: 'CompressionStream' | 'DecompressionStream'): boolean {
  let supported = support.get(stream);
  if (supported === undefined) {
    try {
      new globalThis[stream]('deflate-raw');
      supported = true;
    } catch {
      supported = false;
    }
    support.set(stream, supported);
  }
  return supported;
}
