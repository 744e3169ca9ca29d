// The worker's hot copies need only a byte bound and recency: a Map in access order does it in
// a few lines. (MemoryLru's typed-array links pay off for the page's many small entries; here
// they cost the worker ~3 kB brotli for a few hundred response copies.)
export class ByteLru<V> {
  readonly #entries = new Map<string, { value: V; size: number }>();
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  #bytes = 0;

  constructor(maxBytes: number, maxEntryBytes: number) {
    this.#maxBytes = maxBytes;
    this.#maxEntryBytes = maxEntryBytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Marks the entry most recently used; returns it. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** False (and nothing kept) when one entry would exceed maxEntryBytes; else evicts the least recently used as needed. */
  set(key: string, value: V, size: number): boolean {
    this.delete(key);
    if (size > this.#maxEntryBytes) return false;
    this.#entries.set(key, { value, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
    }
    return true;
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
