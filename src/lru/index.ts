// tiercache/lru: the in-page LRU on its own. Imports nothing from the disk or worker tiers.
export { MemoryLru } from './MemoryLru.ts';
export type { LruEvictReason, LruSetOptions, MemoryLruBounds, MemoryLruOptions, MemoryLruSettings, MemoryLruStats } from './MemoryLru.ts';
export { estimateSize, MAX_ESTIMATE_DEPTH, MAX_ESTIMATE_NODES } from './estimateSize.ts';
export type { MemoryEntryInfo } from '../types.ts';
