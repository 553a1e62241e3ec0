import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
let webDist: string;
beforeAll(async () => {
  webDist = await mkdtemp(join(tmpdir(), 'studysync-web-'));
  await mkdir(join(webDist, 'assets'));
  await writeFile(join(webDist, 'index.html'), '<!doctype html><title>StudySync</title><div id="app"></div>');
  await writeFile(join(webDist, 'assets', 'app.js'), 'console.log("hi")');
  // The router's paths, as the web build lists them.
  await writeFile(join(webDist, 'app-routes.json'), JSON.stringify(['/', '/study', '/planner', '/groups/:id']));
  server = await startTestServer({ env: { NODE_ENV: 'production', WEB_DIST: webDist } });
});
afterAll(async () => {
  await server.close();
  await rm(webDist, { recursive: true, force: true });
});

it('serves the built web app, with the routes of the app answered by index.html', async () => {
  const asset = await fetch(`${server.url}/assets/app.js`);
  expect(asset.status).toBe(200);
  expect(await asset.text()).toBe('console.log("hi")');
  for (const path of ['/', '/study', '/study/', '/planner?tab=1', '/groups/abc']) {
    const page = await fetch(`${server.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>StudySync</title>');
  }
  // The API and operational endpoints are not swallowed by the fallback.
  expect((await fetch(`${server.url}/healthz`)).headers.get('content-type')).toContain('application/json');
  expect((await fetch(`${server.url}/trpc/auth.me`)).headers.get('content-type')).toContain('application/json');
});

it('answers 404 with the page for paths that are no route of the app, so it shows its "Page not found"', async () => {
  for (const path of ['/nope', '/planner/deep/link', '/groups', '/groups/a/b', '/studyx']) {
    const page = await fetch(`${server.url}${path}`);
    expect(page.status, path).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>StudySync</title>');
  }
  const head = await fetch(`${server.url}/nope`, { method: 'HEAD' });
  expect(head.status).toBe(404);
});

it('caches hashed assets for good and makes browsers revalidate the page', async () => {
  const asset = await fetch(`${server.url}/assets/app.js`);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  for (const path of ['/', '/index.html', '/study']) {
    const page = await fetch(`${server.url}${path}`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  }
  // An asset from an older build is missing, not the page in its place (which would run as script).
  const stale = await fetch(`${server.url}/assets/app-old.js`);
  expect(stale.status).toBe(404);
  expect(stale.headers.get('content-type')).toContain('application/json');
});

it('marks the session cookie Secure in production', async () => {
  const response = await fetch(`${server.url}/trpc/auth.signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(newStudent()),
  });
  expect(response.headers.getSetCookie()[0]).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
});
