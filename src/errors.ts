/** Codes of the library's own failures. Native DOMExceptions pass through as `cause`. */
export type CacheErrorCode =
  | 'quota' // QuotaExceededError survived the evict-and-retry: the batch stayed in memory only
  | 'unavailable' // IndexedDB missing, refused, or open() timed out: memory-only mode
  | 'closed' // the connection was closed under us and the retry failed
  | 'corrupt' // a stored record failed its checksum, size or format check (deleted, counted)
  | 'timeout' // the service worker did not answer in time: the page fell back to IndexedDB
  | 'protocol' // a malformed message was received
  | 'write' // a write failed for another reason
  | 'closed-cache'; // the cache was used after close()

export class CacheError extends Error {
  readonly code: CacheErrorCode;
  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheError';
    this.code = code;
  }
}
