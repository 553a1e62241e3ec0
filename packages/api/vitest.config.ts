import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Property tests run thousands of cases; on a busy machine some outlast the 5 s default.
  // Pure functions and a compiler run: the files can share one module graph.
  test: { name: 'api', include: ['test/**/*.test.ts'], testTimeout: 30_000, isolate: false },
});
