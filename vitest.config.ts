import { defineConfig } from 'vitest/config';

// Every test runs in UTC, whatever the machine's zone, so dates print the same everywhere.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Both samples as Chromium prints them, without the standards pass, for the tests of that pass.
    globalSetup: ['test/setup/chromium-prints.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser tests start Chromium; two at a time is what a 2-core machine can take.
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
