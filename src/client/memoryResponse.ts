// The shape of a response body that cache.fetch keeps in page memory. Its own file: TierCache
// tells these apart from app values on every get, without loading cache.fetch itself.

/** A response body held in page memory (`cache.fetch`). */
export interface MemoryResponse {
  readonly tiercacheResponse: true;
  status: number;
  statusText: string;
  headers: [string, string][];
  bytes: Uint8Array;
  /** When the response was first stored anywhere (for Age). */
  storedAt: number;
}

/** Whether a memory-tier value is a response held by `cache.fetch` (never a `get` answer). */
export function isMemoryResponse(v: unknown): v is MemoryResponse {
  return typeof v === 'object' && v !== null && (v as MemoryResponse).tiercacheResponse === true;
}
