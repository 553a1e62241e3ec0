import { pino, type Logger } from 'pino';
import type { ServerConfig } from './config';

export type { Logger };

export function createLogger(config: Pick<ServerConfig, 'LOG_LEVEL' | 'NODE_ENV'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'studysync' },
    redact: { paths: ['password', '*.password', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
