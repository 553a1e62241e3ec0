import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Property tests run thousands of cases; on a busy machine some outlast the 5 s default.
  test: { name: 'api', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
