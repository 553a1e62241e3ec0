import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'db', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 600_000 },
});
