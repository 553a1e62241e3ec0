import type { Db } from '@studysync/db';
import type { EventBus } from './events/bus';
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
  /** Take the client address from X-Forwarded-For (behind a load balancer). */
  trustProxy: boolean;
  loginThrottle: { windowMs: number; maxPerAccount: number; maxPerAddress: number };
  /** Time-based work runs at start-up and then this often (catch-up after downtime). */
  sweepIntervalMs: number;
  /** A server not heard from for this long is presumed dead, and its open streams are dropped. */
  instanceTimeoutMs: number;
  study: {
    /** How long a study "minute" lasts: 60 000 in production; tests shrink it so a session lasts seconds. */
    minuteMs: number;
    /** How long all of a student's connections may be gone before their partner is told. */
    presenceGraceMs: number;
    chatRateLimit: { messages: number; perMs: number };
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
  logger: ApiLogger;
  /** The clock; tests move it. */
  now: () => Date;
  /** This process's one-shot timers; closed on shutdown. */
  timers: TimerSet;
  /**
   * This server among those sharing the database: presence counts streams per instance. The
   * id changes when other servers presumed this one dead (see jobs/server-heartbeat.ts).
   */
  instance: { id: string };
  /** Called after such a change: clients must reconnect so that their streams count again. */
  onInstancePresumedDead?: () => void;
  onProcedure?: (metric: ProcedureMetric) => void;
}
