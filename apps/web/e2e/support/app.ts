import { inject } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/test/support/server';

/** The real server in production mode, serving the web app built for this run, on a fresh database. */
export function startAppServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ env: { NODE_ENV: 'production', WEB_DIST: inject('webDist'), ...env } });
}
