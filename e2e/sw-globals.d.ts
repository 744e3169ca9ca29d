// What the e2e test page (e2e-pages/cache.ts) puts on `window`, for page.evaluate in the specs.
import type { createCache, TierCache } from '../src/index.ts';

declare global {
  interface Window {
    cache: TierCache;
    createCache: typeof createCache;
    changes: unknown[];
    errors: unknown[];
    modes: unknown[];
    updates: unknown[];
    swReady: Promise<boolean>;
    /** TanStack Query over asyncStorage(cache) (e2e-pages/query.ts), loaded on demand. */
    loadQuery: () => Promise<typeof import('../e2e-pages/query.ts')>;
  }
}
export {};
