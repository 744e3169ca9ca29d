// What a page runs itself when no worker answers, loaded with import() in one chunk: its own
// disk tier, the port TierCache calls it through, and the strategies that cache.fetch runs over
// it (src/client/diskLink.ts loads it).
export { DiskTier } from '../disk/DiskTier.ts';
export { runStrategy } from '../http/strategies.ts';
export { DirectDisk } from './directDisk.ts';
