import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Files share one module graph per worker: the server's modules load once, not once per file
    // (about 1.5 CPU-seconds each). Every file starts and closes its own servers; the api keeps
    // its per-process facts per server (keyed by its deps or database), and no file uses vi.mock.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
