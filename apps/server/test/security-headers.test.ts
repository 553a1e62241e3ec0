import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

function expectSecurityHeaders(response: Response, host: string) {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(new RegExp(`connect-src 'self' wss?://${host.replace('.', '\\.')}`));
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

describe('in development', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('sends the security headers on API and operational responses, without HSTS', async () => {
    const host = new URL(server.url).host;
    for (const path of ['/trpc/auth.me', '/healthz', '/no-such-page']) {
      const response = await fetch(`${server.url}${path}`);
      expectSecurityHeaders(response, host);
      expect(response.headers.get('content-security-policy')).toContain(`ws://${host}`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });
});

describe('in production', () => {
  let server: TestServer;
  let webDist: string;
  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'studysync-web-'));
    await mkdir(join(webDist, 'assets'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>StudySync</title>');
    server = await startTestServer({ env: { NODE_ENV: 'production', WEB_DIST: webDist } });
  });
  afterAll(async () => {
    await server.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it('sends them on the web app too, with HSTS and the secure WebSocket', async () => {
    const host = new URL(server.url).host;
    for (const path of ['/', '/study', '/trpc/auth.me']) {
      const response = await fetch(`${server.url}${path}`);
      expectSecurityHeaders(response, host);
      expect(response.headers.get('content-security-policy')).toContain(`wss://${host}`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
  });
});
