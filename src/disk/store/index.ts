// The store: everything that knows the IndexedDB schema. The tier's modules import from here only.
export { ALL_STORES, databaseName, openStore, SCHEMA_VERSION, type OpenHooks } from './schema.ts';
export { commit, type CommitResult, type WriteOp } from './commit.ts';
export { evictBatch, keyRuns, type EvictBatchOptions, type EvictBatchResult } from './evict.ts';
export { listMetas, readMeta, readRecord } from './reads.ts';
export { readTotals } from './totals.ts';
