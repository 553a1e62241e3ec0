import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { TRPCError } from '@trpc/server';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import {
  allJobs,
  appRouter,
  CALENDAR_PATH_PREFIX,
  createContextFactory,
  InProcessEventBus,
  JobRunner,
  renderCalendarFeed,
  TimerSet,
  type ApiDeps,
  type EventBus,
} from '@studysync/api';
import { countDueSessions, registerInstance } from '@studysync/db';
import type { ServerConfig } from './config';
import { openDatabase } from './database';
import type { Logger } from './logger';
import { createMetrics } from './metrics';

export interface StartOptions {
  config: ServerConfig;
  logger: Logger;
  /** Tests point each server at a fresh database on a shared engine. */
  database?: { uri: string; dbName?: string };
  now?: () => Date;
  bus?: EventBus;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Prometheus scrapes /metrics here, a port of its own that the ingress does not expose. */
  metricsUrl: string;
  /** Scheduled work; tests run a job on demand instead of waiting for its interval. */
  jobs: JobRunner;
  close(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const production = config.NODE_ENV === 'production';
  const database = await openDatabase(config, logger, options.database);
  const bus = options.bus ?? new InProcessEventBus();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  // An unreachable database is an answer here (readiness, a gauge), not an error.
  const databaseReachable = () =>
    database.db
      .command({ ping: 1 }, { timeoutMS: 1_000 })
      .then(() => true)
      .catch(() => false);
  const metrics = createMetrics({
    openConnections: () => wss.clients.size,
    databaseReachable,
    // Scrapes must not hang or fail with the database: studysync_database_up tells that story.
    activeSessions: () =>
      countDueSessions(database.db, { timeoutMS: 1_000 }).catch((error: unknown) => {
        logger.warn({ err: error }, 'Could not count study sessions for /metrics');
        return null;
      }),
  });

  const deps: ApiDeps = {
    db: database.db,
    bus: metrics.metered(bus),
    logger,
    now: options.now ?? (() => new Date()),
    timers: new TimerSet(),
    instance: { id: randomUUID() },
    // Another server dropped this one's streams from presence: reconnecting counts them again.
    onInstancePresumedDead: () => wsHandler.broadcastReconnectNotification(),
    onProcedure: metrics.observeProcedure,
    config: {
      production,
      sessionTtlMs: config.SESSION_TTL_DAYS * 24 * HOUR_MS,
      allowedOrigins: config.ALLOWED_ORIGINS,
      trustProxy: config.TRUST_PROXY,
      loginThrottle: { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerAddress: 30 },
      sweepIntervalMs: config.SWEEP_INTERVAL_MS,
      instanceTimeoutMs: config.INSTANCE_TIMEOUT_MS,
      study: {
        minuteMs: config.STUDY_MINUTE_MS,
        presenceGraceMs: config.PRESENCE_GRACE_MS,
        chatRateLimit: { messages: 10, perMs: 10_000 },
      },
    },
  };
  const createContext = createContextFactory(deps);
  const onError = ({ error, path, type }: { error: TRPCError; path: string | undefined; type: string }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path, type }, 'Procedure failed');
    else logger.debug({ code: error.code, path, type }, 'Procedure refused');
  };

  const trpc = createHTTPHandler({ router: appRouter, createContext, basePath: '/trpc/', onError });
  const serveWeb =
    production && existsSync(config.WEB_DIST)
      ? sirv(config.WEB_DIST, {
          single: true,
          etag: true,
          // Vite names files under /assets/ by their content hash, so they never change; the
          // page itself must be revalidated, or a browser keeps an old one after a deploy.
          setHeaders: (res, pathname) =>
            res.setHeader(
              'Cache-Control',
              pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
            ),
        })
      : undefined;

  const isAllowedOrigin = (origin: string | undefined, host: string | undefined) =>
    !origin || origin === `http://${host}` || origin === `https://${host}` || config.ALLOWED_ORIGINS.includes(origin);

  const server = createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () =>
      logger.debug(
        { method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      ),
    );
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'Request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const ready = await databaseReachable();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable' });
    }
    if (path.startsWith('/trpc/')) return trpc(req, res);
    // Planner calendar feeds: a plain GET at an unguessable URL, for calendar apps.
    if (path.startsWith(CALENDAR_PATH_PREFIX) && (req.method === 'GET' || req.method === 'HEAD')) {
      const feed = await renderCalendarFeed(deps, path);
      if (!feed) return sendJson(res, 404, { error: 'Not found' });
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Content-Disposition', `inline; filename="${feed.filename}"`);
      res.setHeader('Cache-Control', 'private, no-cache');
      res.end(req.method === 'HEAD' ? undefined : feed.ics);
      return;
    }
    if (serveWeb) return serveWeb(req, res, () => sendJson(res, 404, { error: 'Not found' }));
    sendJson(res, 404, { error: 'Not found (in development the web app is served by `npm run dev` on :5173)' });
  }

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/trpc' && path !== '/trpc/') return void socket.destroy();
    // The cookie rides along with WebSocket upgrades, so a foreign page must not open one.
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    onError,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });

  // Catch up on anything due while no server ran, then keep time-based work going.
  await registerInstance(database.db, deps.instance.id, new Date());
  const jobs = new JobRunner(deps, allJobs);
  await jobs.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const metricsServer = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') return sendJson(res, 404, { error: 'Not found' });
    metrics.registry.metrics().then(
      (text) => {
        res.setHeader('Content-Type', metrics.registry.contentType);
        res.end(text);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Could not collect metrics');
        sendJson(res, 500, { error: 'Internal error' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    metricsServer.once('error', reject);
    metricsServer.listen(config.METRICS_PORT, config.HOST, () => resolve());
  });
  const metricsPort = (metricsServer.address() as AddressInfo).port;
  logger.info({ port, metricsPort, engine: database.engine, production }, 'StudySync is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await jobs.stop();
      deps.timers.close();
      const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      metricsServer.closeAllConnections();
      // Stop accepting, ask WebSocket clients to reconnect elsewhere, let in-flight requests finish.
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, 'Server restarting');
      const forced = setTimeout(() => {
        server.closeAllConnections();
        for (const client of wss.clients) client.terminate();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await httpClosed;
      clearTimeout(forced);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await metricsClosed;
      await bus.close();
      await database.close();
      logger.info('StudySync stopped');
    })());

  return { url, port, metricsUrl: `http://127.0.0.1:${metricsPort}`, jobs, close };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
