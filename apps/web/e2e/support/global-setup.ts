import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserServer } from 'playwright-core';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { setup as startDatabase, teardown as stopDatabase } from '../../../server/test/support/global-setup';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    browserWsEndpoint: string;
    webDist: string;
    artifactsDir: string;
  }
}

const webRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots are kept here after the run (gitignored). */
const artifactsDir = process.env.E2E_ARTIFACTS_DIR ?? join(webRoot, 'e2e', '.artifacts');

let webDist: string | undefined;
let browser: BrowserServer | undefined;

/**
 * Chromium (one browser for the run: launching it costs more than a test file's contexts), the
 * production build of the web app, and the run's embedded database.
 */
export async function setup(project: TestProject): Promise<void> {
  const chromiumPath = ensureChromium();
  webDist = await mkdtemp(join(tmpdir(), 'studysync-e2e-web-'));
  // Vite takes "production" from NODE_ENV, which vitest set to "test": without this the build
  // would be a test build (import.meta.env.PROD false: no service worker, Vue's dev checks).
  const testEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webRoot,
      configFile: join(webRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: webDist, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = testEnv;
  }
  await rm(artifactsDir, { recursive: true, force: true });
  await mkdir(artifactsDir, { recursive: true });
  console.log(`Browser test screenshots go to ${artifactsDir}`);
  await startDatabase(project);
  browser = await chromium.launchServer({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  project.provide('webDist', webDist);
  project.provide('artifactsDir', artifactsDir);
}

export async function teardown(): Promise<void> {
  await browser?.close();
  await stopDatabase();
  if (webDist) await rm(webDist, { recursive: true, force: true });
}
