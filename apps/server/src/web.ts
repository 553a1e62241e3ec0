import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Logger } from './logger';

/**
 * A test for "is this a page of the app?", from the paths the web build lists (the router's
 * table: `apps/web/src/router/routes.ts`): plain segments, and `:name` for one segment.
 */
export function appRouteMatcher(paths: readonly string[]): (path: string) => boolean {
  const escape = (segment: string) => segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = paths.map(
    (path) =>
      new RegExp(
        `^${path
          .split('/')
          .map((segment) => (segment.startsWith(':') ? '[^/]+' : escape(segment)))
          .join('/')}/?$`,
      ),
  );
  return (path) => patterns.some((pattern) => pattern.test(path));
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/**
 * The built web app: its files, the page for each of the app's routes, and the page with status
 * 404 for any other path (the app then shows its "Page not found"). A missing asset is a plain
 * 404 (`onMissing`), never the page in its place, which a browser would run as script.
 */
export function createWebApp(
  dist: string,
  logger: Logger,
  onMissing: (res: ServerResponse) => void,
): Handler | undefined {
  if (!existsSync(join(dist, 'index.html'))) return undefined;
  const files = sirv(dist, {
    etag: true,
    // Only exact file names: `/offline` is no page of the app, whatever `offline.html` is.
    extensions: [],
    // Vite names files under /assets/ by their content hash, so they never change; the page itself
    // must be revalidated, or a browser keeps an old one after a deploy.
    setHeaders: (res, pathname) =>
      res.setHeader(
        'Cache-Control',
        pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const routesFile = join(dist, 'app-routes.json');
  let isAppRoute: (path: string) => boolean = () => true;
  if (existsSync(routesFile)) {
    isAppRoute = appRouteMatcher(JSON.parse(readFileSync(routesFile, 'utf8')) as string[]);
  } else {
    logger.warn({ dist }, 'The web build lists no routes (app-routes.json): every path gets the page');
  }
  const page = readFileSync(join(dist, 'index.html'));

  return (req, res, path) =>
    files(req, res, () => {
      if (path.startsWith('/assets/') || (req.method !== 'GET' && req.method !== 'HEAD')) return onMissing(res);
      if (isAppRoute(path)) {
        req.url = '/index.html';
        return files(req, res, () => onMissing(res));
      }
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(req.method === 'HEAD' ? undefined : page);
    });
}
