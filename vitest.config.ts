import { defineConfig } from 'vitest/config';

// Unit and integration tests. The end-to-end reliability suite has its own config (vitest.e2e.config.ts)
// because it runs for minutes and needs the whole local cloud.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: keep parallel workers modest so emulator-backed tests are not starved.
    maxWorkers: 2,
  },
});
