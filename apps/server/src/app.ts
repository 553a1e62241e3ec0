import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { TRPCError } from '@trpc/server';
import { WebSocketServer } from 'ws';
import {
  allJobs,
  appRouter,
  CALENDAR_PATH_PREFIX,
  clientAddressResolver,
  apiHooks,
  createContextFactory,
  createPasswordHasher,
  createRateLimiters,
  errorReference,
  createRedisConnection,
  createRedisEventBus,
  InProcessEventBus,
  JobRunner,
  renderCalendarFeed,
  PendingWork,
  TimerSet,
  type ApiDeps,
  type EventBus,
  type RedisClient,
} from '@studysync/api';
import { countDueSessions, registerInstance } from '@studysync/db';
import { apiConfigOf } from './api-config';
import type { ServerConfig } from './config';
import { openDatabase, type DatabaseOverride } from './database';
import type { Logger } from './logger';
import { createRequestLogger, listen, sendJson } from './http';
import { createMetrics } from './metrics';
import { startMetricsServer } from './metrics-server';
import { rateLimitSettings } from './limits';
import { securityHeaders } from './security-headers';
import { createWebSocketGuard } from './websocket-limits';
import { createWebApp } from './web';

export interface StartOptions {
  config: ServerConfig;
  logger: Logger;
  /** Tests point each server at a fresh database on a shared engine. */
  database?: DatabaseOverride;
  now?: () => Date;
  bus?: EventBus;
  /** Shares the rate limits between replicas; without it they are per process. */
  redis?: RedisClient;
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

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const production = config.NODE_ENV === 'production';
  const database = await openDatabase(config, logger, options.database);
  // Several replicas share events and rate limits through Redis; one process needs nothing.
  // The bus owns the connection and closes it last.
  const redisUrl = options.bus ? undefined : config.REDIS_URL;
  const redis = options.redis ?? (redisUrl ? createRedisConnection(redisUrl, 'commands', logger) : undefined);
  const bus =
    options.bus ?? (redisUrl && redis ? createRedisEventBus(redisUrl, logger, redis) : new InProcessEventBus());
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.WS_MAX_PAYLOAD_BYTES });
  const clientAddress = clientAddressResolver(config.TRUST_PROXY);
  // An unreachable database is an answer here (readiness, a gauge), not an error.
  const databaseReachable = () => database.reachable();
  const metrics = createMetrics({
    openConnections: () => wss.clients.size,
    databaseReachable,
    // Scrapes must not hang or fail with the database: studysync_database_up tells that story.
    activeSessions: () =>
      countDueSessions(database.db, { timeoutMS: 1_000 }).catch((error: unknown) => {
        logger.warn({ err: error }, 'Could not count study sessions for /metrics');
        return null;
      }),
    bus: () => bus.health(),
  });

  const wsGuard = createWebSocketGuard(
    {
      maxConnections: config.WS_MAX_CONNECTIONS,
      maxPerAddress: config.WS_MAX_PER_ADDRESS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    },
    logger,
    (reason) => metrics.websocketLimited(reason),
  );

  const deps: ApiDeps = {
    db: database.db,
    hooks: apiHooks,
    bus: metrics.metered(bus),
    logger,
    now: options.now ?? (() => new Date()),
    timers: new TimerSet(),
    pending: new PendingWork(),
    instance: { id: randomUUID() },
    // Another server dropped this one's streams from presence: reconnecting counts them again.
    onInstancePresumedDead: () => wsHandler.broadcastReconnectNotification(),
    onProcedure: metrics.observeProcedure,
    onReport: metrics.reportFiled,
    limiters: createRateLimiters({
      ...(redis ? { redis } : {}),
      settings: rateLimitSettings(config),
    }),
    passwords: createPasswordHasher({
      log2Cost: config.SCRYPT_LOG2_COST,
      hashConcurrency: config.HASH_CONCURRENCY,
      verifyConcurrency: config.HASH_CONCURRENCY,
      maxQueued: config.HASH_QUEUE_MAX,
    }),
    config: apiConfigOf(config),
  };
  const createContext = createContextFactory(deps);
  const onError = ({
    error,
    path,
    type,
    ctx,
  }: {
    error: TRPCError;
    path: string | undefined;
    type: string;
    ctx?: { requestId: string } | undefined;
  }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      // The client is shown only this reference; the whole error is here, under it.
      const requestId = errorReference(error, ctx?.requestId);
      logger.error({ err: error, path, type, reqId: requestId }, 'Procedure failed');
    } else logger.debug({ code: error.code, path, type, reqId: ctx?.requestId }, 'Procedure refused');
  };

  const trpc = createHTTPHandler({
    router: appRouter,
    createContext,
    basePath: '/trpc/',
    onError,
    maxBodySize: config.MAX_BODY_BYTES,
    maxBatchSize: config.MAX_BATCH_CALLS,
  });
  const serveWeb = production
    ? createWebApp(config.WEB_DIST, logger, (res) => sendJson(res, 404, { error: 'Not found' }))
    : undefined;

  const isAllowedOrigin = (origin: string | undefined, host: string | undefined) =>
    !origin || origin === `http://${host}` || origin === `https://${host}` || config.ALLOWED_ORIGINS.includes(origin);

  const httpLogger = createRequestLogger(logger);

  const withSecurityHeaders = securityHeaders(production);
  const server = createServer((req, res) => {
    httpLogger(req, res);
    withSecurityHeaders(req, res)
      .then(() => route(req, res))
      .catch((error: unknown) => {
        req.log.error({ err: error, url: req.url }, 'Request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal error', requestId: String(req.id) });
        else res.destroy();
      });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Alive unless the embedded database died for good: then a restart of the whole process is the cure.
    if (path === '/healthz') {
      return database.alive()
        ? sendJson(res, 200, { status: 'ok' })
        : sendJson(res, 503, { status: 'embedded database could not be restarted' });
    }
    if (path === '/readyz') {
      const busReady = bus.health().connected;
      const databaseReady = await databaseReachable();
      const status = !databaseReady ? 'database unreachable' : !busReady ? 'event bus unreachable' : 'ready';
      return sendJson(res, status === 'ready' ? 200 : 503, { status });
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
    if (serveWeb) return serveWeb(req, res, path);
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
    const address = clientAddress(req);
    const refusal = wsGuard.admit(address, socket);
    if (refusal) {
      logger.warn({ address, refusal }, 'WebSocket refused');
      socket.end(`HTTP/1.1 ${refusal}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wsGuard.watchBuffer(ws, address, req);
      wss.emit('connection', ws, req);
    });
  });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    onError,
    maxBatchSize: config.MAX_BATCH_CALLS,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });

  // Catch up on anything due while no server ran, then keep time-based work going.
  await registerInstance(database.db, deps.instance.id, new Date());
  const jobs = new JobRunner(deps, allJobs);
  await jobs.start();

  const port = await listen(server, config.PORT, config.HOST);
  const url = `http://127.0.0.1:${port}`;
  const { server: metricsServer, port: metricsPort } = await startMetricsServer(metrics, config, logger);
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
      // Closed streams take their students off presence under the room's lock: let them finish.
      if (!(await deps.pending.drain(config.SHUTDOWN_TIMEOUT_MS))) {
        logger.warn({}, 'Shutdown went on before every closing stream had finished its cleanup');
      }
      await metricsClosed;
      await bus.close();
      await database.close();
      logger.info('StudySync stopped');
    })());

  return { url, port, metricsUrl: `http://127.0.0.1:${metricsPort}`, jobs, close };
}
