// The disk tier: compressed, checksummed IndexedDB records inside a quota-aware byte budget.
export { DiskTier } from './DiskTier.ts';
export { REOPEN_AFTER_MS } from './connection.ts';
export { databaseName } from './store/index.ts';
export { FORMAT_VERSION } from './record.ts';
export type { MetaRecord, Totals } from './record.ts';
export { chooseVictims } from './victims.ts';
export type { Victim, VictimCandidate, VictimOptions } from './victims.ts';
export { encodeValue, decodeValue } from '../value.ts';
export type * from '../diskContract.ts';
