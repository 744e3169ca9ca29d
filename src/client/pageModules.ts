// What a page runs itself when no worker answers, loaded with import() in one chunk: its own
// disk tier and the strategies that cache.fetch runs over it (src/client/diskLink.ts loads it).
export { DiskTier } from '../disk/DiskTier.ts';
export { runStrategy } from '../http/strategies.ts';
