import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/test/support/server';
import { connectBrowser, openStudent } from './browser';

/** The real server in production mode, serving the web app built for this run, on a fresh database. */
export function startAppServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ env: { NODE_ENV: 'production', WEB_DIST: inject('webDist'), ...env } });
}

export interface AppFixture {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new browser context (a student) on the app, as `openStudent` takes its options. */
  open(options?: Parameters<typeof openStudent>[2]): ReturnType<typeof openStudent>;
}

/**
 * A file's app server (with `env`) and browser connection: both opened before its tests (before
 * the file's own `beforeAll`s, which may use them) and closed after them.
 */
export function useApp(env: Record<string, string> = {}): AppFixture {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(env), connectBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error('useApp(): the app is used before its beforeAll ran');
    return { server, browser };
  };
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    open: (options) => openStudent(started().browser, started().server.url, options),
  };
}
