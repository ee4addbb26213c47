import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Web modules import the shared contracts as @server/<feature>/<name>.contract, as web/vite.config.ts resolves them.
const server = fileURLToPath(new URL('./server', import.meta.url));

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias: { '@server': server } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Real servers, ffmpeg and media on a shared two-core machine: a test that fails once under load runs
          // once more; the summary names every test that needed it (tests/helpers/summary-reporter.ts).
          retry: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          retry: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives Chromium and a server; two cores run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
