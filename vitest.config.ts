import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { QuotaFirstSequencer } from './test/browser/sequencer.ts';

export default defineConfig({
  test: {
    // Sequencers are global in Vitest (not per project): this one only moves the quota file first.
    sequence: { sequencer: QuotaFirstSequencer },
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 30_000,
          // One file at a time: the files share one origin, and the quota test's CDP override
          // (quota = usage now + 3 MiB) must not see other files' databases come and go.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
