import { defineConfig } from 'vitest/config';

// The end-to-end reliability suite (`npm run test:e2e`): each file starts the whole local cloud with
// its fault injection and pushes hundreds of uploads through the real handlers. Files run one at a
// time, because each one alone keeps a 2-core machine busy and its figures are timings.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // Each test prints what it proved and its figures.
    silent: false,
  },
});
