// What a TierCache loads with import() at the first getOrSet, keys/entries, trim, stats or inspect
// (one chunk; TierCache.ts loads it): code most calls never run, kept out of the page's entry.
export { checkGetOrSet, Loads, loadAndStore } from './loads.ts';
export { iterateEntries, iterateKeys } from './iteration.ts';
export { cacheStats, inspectTiers } from './inspection.ts';
export { trimTiers } from './trim.ts';
export type { GetOrSetOptions, Loader } from './loads.ts';
export type { IterationContext } from './iteration.ts';
export type { InspectionContext } from './inspection.ts';
