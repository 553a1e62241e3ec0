import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Listens on `port` (0: a free one) and resolves with the port taken. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Every request gets an id, sent back as X-Request-Id and logged on its lines. A line is built
 * only when its level is on (failures always, the rest at debug): pino-http serialised each
 * request into a child logger up front, a few percent of a chat message's CPU.
 */
export function createRequestLogger(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse): string => {
    const id = randomUUID();
    // The tRPC context reads it as the request's reference (context.ts).
    (req as IncomingMessage & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    const done = (error?: Error) => {
      const level = error || res.statusCode >= 500 ? 'error' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        reqId: id,
        req: { method: req.method, url: req.url },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
        ...(error ? { err: error } : {}),
      };
      logger[level](line, error ? 'request errored' : 'request completed');
    };
    res.once('finish', () => done());
    res.once('error', done);
    return id;
  };
}
