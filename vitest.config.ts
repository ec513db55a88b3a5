import { defineConfig } from 'vitest/config';

// Three projects so each kind of test gets fitting limits: unit tests are fast and parallel;
// integration tests use real SQLite files, ptys and HTTP servers; e2e drives headless Chromium
// against the built app and runs one file at a time (2 cores). `npm test` runs e2e after the others:
// a keyboard-wedge scan is told from typing by milliseconds, which a busy machine cannot keep.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // electron-store is loaded through Vite so the mocked 'electron' module reaches it too.
          server: { deps: { inline: ['electron-store', 'conf'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
