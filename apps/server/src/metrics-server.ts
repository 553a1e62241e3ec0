import { createServer, type Server } from 'node:http';
import type { ServerConfig } from './config';
import { listen, sendJson } from './http';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** Prometheus scrapes /metrics on a port of its own, which the public ingress does not expose. */
export async function startMetricsServer(
  metrics: Metrics,
  config: ServerConfig,
  logger: Logger,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
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
  const port = await listen(server, config.METRICS_PORT, config.HOST);
  return { server, port };
}
