import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['apps/*/vitest.config.ts', 'apps/web/e2e/vitest.config.ts', 'packages/*/vitest.config.ts'],
  },
});
