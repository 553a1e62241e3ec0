import type { Db } from '@studysync/db';
import type { PasswordHasher } from './auth/password';
import type { EventBus } from './events/bus';
import type { RateLimiters } from './limits/rate-limiters';
import type { PendingWork } from './pending-work';
import type { TimerSet } from './timers';

export interface ApiLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ApiConfig {
  /** Production: session cookies get `Secure`. */
  production: boolean;
  sessionTtlMs: number;
  /** Origins besides the server's own that may send mutations (e.g. the Vite dev server). */
  allowedOrigins: readonly string[];
  /**
   * Which peers are proxies whose X-Forwarded-For entry is believed (proxy-addr semantics): false
   * for none, a number of hops, or addresses/ranges (`10.0.0.0/8`, `loopback`).
   */
  trustProxy: false | number | readonly string[];
  /** How long a WebSocket call may trust an earlier check that its sign-in exists. */
  signInCheckCacheMs: number;
  /** Subscriptions one WebSocket may hold open at once. */
  maxSubscriptionsPerSocket: number;
  /** Time-based work runs at start-up and then this often (catch-up after downtime). */
  sweepIntervalMs: number;
  /** A server not heard from for this long is presumed dead, and its open streams are dropped. */
  instanceTimeoutMs: number;
  study: {
    /** How long a study "minute" lasts: 60 000 in production; tests shrink it so a session lasts seconds. */
    minuteMs: number;
    /** How long all of a student's connections may be gone before their partner is told. */
    presenceGraceMs: number;
    /**
     * How long a waiting request may have no open stream behind it, and a matched student may take
     * to arrive, before they are let go (a student who asked and closed the page).
     */
    waitingGraceMs: number;
  };
}

export interface ProcedureMetric {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  result: 'ok' | 'error';
  code: string;
  durationMs: number;
}

/** Everything the routers use from the outside world, injected so tests and replicas can vary it. */
export interface ApiDeps {
  db: Db;
  bus: EventBus;
  config: ApiConfig;
  /** Every rate limit (in memory, or shared in Redis): see limits/rate-limiters.ts. */
  limiters: RateLimiters;
  /** Password hashing with bounded concurrency. */
  passwords: PasswordHasher;
  logger: ApiLogger;
  /** The clock; tests move it. */
  now: () => Date;
  /** This process's one-shot timers; closed on shutdown. */
  timers: TimerSet;
  /** Cleanup that runs after its request (closing streams); shutdown waits for it. */
  pending: PendingWork;
  /**
   * This server among those sharing the database: presence counts streams per instance. The
   * id changes when other servers presumed this one dead (see jobs/server-heartbeat.ts).
   */
  instance: { id: string };
  /** Called after such a change: clients must reconnect so that their streams count again. */
  onInstancePresumedDead?: () => void;
  onProcedure?: (metric: ProcedureMetric) => void;
}
