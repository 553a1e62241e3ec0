import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { setup as startDatabase, teardown as stopDatabase } from '../../../server/test/support/global-setup';
import { ensureChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
    webDist: string;
    artifactsDir: string;
  }
}

const webRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots are kept here after the run (gitignored). */
const artifactsDir = process.env.E2E_ARTIFACTS_DIR ?? join(webRoot, 'e2e', '.artifacts');

let webDist: string | undefined;

/** Chromium, the production build of the web app, and the run's embedded database. */
export async function setup(project: TestProject): Promise<void> {
  const chromiumPath = ensureChromium();
  webDist = await mkdtemp(join(tmpdir(), 'studysync-e2e-web-'));
  await build({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: webDist, emptyOutDir: true, sourcemap: false },
  });
  await rm(artifactsDir, { recursive: true, force: true });
  await mkdir(artifactsDir, { recursive: true });
  console.log(`Browser test screenshots go to ${artifactsDir}`);
  await startDatabase(project);
  project.provide('chromiumPath', chromiumPath);
  project.provide('webDist', webDist);
  project.provide('artifactsDir', artifactsDir);
}

export async function teardown(): Promise<void> {
  await stopDatabase();
  if (webDist) await rm(webDist, { recursive: true, force: true });
}
