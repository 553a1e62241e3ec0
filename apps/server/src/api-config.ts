import type { ApiConfig } from '@studysync/api';
import type { ServerConfig } from './config';

const HOUR_MS = 60 * 60 * 1000;

/** The part of the server's settings the API reads, in the API's own terms. */
export function apiConfigOf(config: ServerConfig): ApiConfig {
  return {
    production: config.NODE_ENV === 'production',
    sessionTtlMs: config.SESSION_TTL_DAYS * 24 * HOUR_MS,
    allowedOrigins: config.ALLOWED_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    maxSubscriptionsPerSocket: config.WS_MAX_SUBSCRIPTIONS,
    signInCheckCacheMs: config.SIGN_IN_CHECK_CACHE_MS,
    sweepIntervalMs: config.SWEEP_INTERVAL_MS,
    instanceTimeoutMs: config.INSTANCE_TIMEOUT_MS,
    study: {
      minuteMs: config.STUDY_MINUTE_MS,
      presenceGraceMs: config.PRESENCE_GRACE_MS,
      waitingGraceMs: config.STUDY_WAITING_GRACE_MS,
    },
    rooms: { emptyCloseMs: config.ROOM_EMPTY_CLOSE_MS },
  };
}
