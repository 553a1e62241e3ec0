import { Redis } from 'ioredis';
import type { ApiLogger } from '../deps';
import { RedisEventBus } from './redis-bus';

export type { Redis };

/**
 * One ioredis connection to `url`, set to fail fast rather than queue: a command sent while
 * Redis is down rejects at once (no offline queue, no resend after reconnecting), so a caller
 * reports the failure instead of waiting for a Redis that may not come back. ioredis keeps
 * reconnecting in the background. Errors are logged once per outage, not on every retry.
 * This is also the client to hand to rate-limiter-flexible's RateLimiterRedis.
 */
export function createRedisConnection(url: string, name: string, logger: ApiLogger): Redis {
  const redis = new Redis(url, {
    connectionName: `studysync-${name}`,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, connection: name }, 'Redis connection failed; retrying');
  });
  redis.on('ready', () => {
    if (down) logger.info({ connection: name }, 'Redis connection restored');
    down = false;
  });
  return redis;
}

/** The Redis event bus on two fresh connections (a subscribed connection runs no other commands). */
export function createRedisEventBus(url: string, logger: ApiLogger, publisher?: Redis): RedisEventBus {
  return new RedisEventBus({
    publisher: publisher ?? createRedisConnection(url, 'publisher', logger),
    subscriber: createRedisConnection(url, 'subscriber', logger),
    logger,
  });
}
