import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

/** The web app's own public files (what Vite copies into the build as they are). */
const publicDir = fileURLToPath(new URL('../../web/public', import.meta.url));

let server: TestServer;
let webDist: string;
beforeAll(async () => {
  webDist = await mkdtemp(join(tmpdir(), 'studysync-pwa-'));
  await cp(publicDir, webDist, { recursive: true });
  await writeFile(join(webDist, 'index.html'), '<!doctype html><title>StudySync</title><div id="app"></div>');
  await writeFile(join(webDist, 'app-routes.json'), JSON.stringify(['/', '/home']));
  server = await startTestServer({ env: { NODE_ENV: 'production', WEB_DIST: webDist } });
});
afterAll(async () => {
  await server.close();
  await rm(webDist, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.slice(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

it('serves a web app manifest whose icons are there at the sizes it states', async () => {
  const response = await fetch(`${server.url}/manifest.webmanifest`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/manifest+json');
  const manifest = (await response.json()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: 'StudySync', start_url: '/home', display: 'standalone' });
  const sizes = manifest.icons.filter((icon) => icon.type === 'image/png').map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const file = await fetch(`${server.url}${icon.src}`);
    expect(file.status, icon.src).toBe(200);
    expect(file.headers.get('content-type'), icon.src).toContain(icon.type);
    if (icon.type === 'image/png') {
      const [width, height] = icon.sizes.split('x').map(Number);
      expect(pngSize(new Uint8Array(await file.arrayBuffer())), icon.src).toEqual({ width, height });
    }
  }
});

it('serves the service worker as revalidated script, and the offline page it falls back to', async () => {
  const worker = await fetch(`${server.url}/sw.js`);
  expect(worker.status).toBe(200);
  expect(worker.headers.get('content-type')).toContain('javascript');
  // A cached worker would keep an old one running after a deploy.
  expect(worker.headers.get('cache-control')).toBe('no-cache');
  const source = await worker.text();
  expect(source).toContain("'/offline.html'");
  const offline = await fetch(`${server.url}/offline.html`);
  expect(offline.status).toBe(200);
  expect(await offline.text()).toContain('You are offline');
});

it('still answers 404 for paths that are neither a file nor a route of the app', async () => {
  for (const path of ['/manifest.json', '/icons/icon-1024.png', '/sw.js/extra', '/offline']) {
    expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
  }
});
