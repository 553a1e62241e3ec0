import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [vue()],
  test: {
    name: 'web',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    // Files share one module graph and DOM per worker (each test unmounts what it mounted): the
    // app's modules load once, not once per file. A test file must not rely on vi.mock.
    isolate: false,
    // The first test to render a page also loads its modules; on a busy machine that outlasts 5 s.
    testTimeout: 30_000,
  },
});
