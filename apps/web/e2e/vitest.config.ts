import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    // One file at a time: each drives several browser contexts, and the machine is shared.
    fileParallelism: false,
    // The files share one module graph (the server's and Playwright's modules load once); each
    // opens and closes its own app server and browser contexts.
    isolate: false,
    // A group of its own, after the others: its one worker differs from theirs on bigger machines.
    sequence: { groupOrder: 1 },
    testTimeout: 90_000,
    hookTimeout: 600_000,
    // A browser answers within a frame or two, but a loaded CI machine can take seconds.
    expect: { poll: { timeout: 10_000 } },
  },
});
