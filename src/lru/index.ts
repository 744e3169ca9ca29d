// tiercache/lru: the in-page LRU on its own. MemoryLru lands in src/lru/MemoryLru.ts.
export {};
