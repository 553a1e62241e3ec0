import { pino, type DestinationStream, type Logger } from 'pino';
import type { ServerConfig } from './config';

export type { Logger };

/** Logs JSON to stdout, or to `destination` (tests read the lines). */
export function createLogger(
  config: Pick<ServerConfig, 'LOG_LEVEL' | 'NODE_ENV'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.LOG_LEVEL,
    base: { service: 'studysync' },
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
