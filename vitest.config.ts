import { defineConfig } from 'vitest/config';

// Two projects, both run by `npm test`: `unit` (the app in-process; files share a worker's module
// cache, so the app's module graph is imported once per worker) and `slow` (the real CLI binary,
// SIGKILLed child processes and Chromium, each file isolated).
const slow = [
  'test/server/cli.test.ts',
  'test/server/services/demo-seed-service.test.ts',
  'test/server/services/spreadsheet-export-memory.test.ts',
  'test/server/jobs/outbox-crash.test.ts',
  'test/server/compiled-build.test.ts',
  'test/browser/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/results.json' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: slow, isolate: false },
      },
      // Each of these starts processes or a browser; on a busy machine one test can take a while.
      { extends: true, test: { name: 'slow', include: slow, testTimeout: 90_000 } },
    ],
  },
});
