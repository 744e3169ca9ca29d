// The disk tier: compressed, checksummed IndexedDB records inside a quota-aware byte budget.
export { DiskTier, EVICT_BATCH, REOPEN_AFTER_MS } from './DiskTier.ts';
export { databaseName } from './model.ts';
export { FORMAT_VERSION } from './record.ts';
export type { MetaRecord, Totals } from './record.ts';
export { chooseVictims } from './victims.ts';
export type { Victim, VictimCandidate, VictimOptions } from './victims.ts';
export { encodeValue, decodeValue } from './value.ts';
export type * from './types.ts';
