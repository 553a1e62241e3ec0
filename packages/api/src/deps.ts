import type {
  Db,
  ObjectId,
  PlannerAssessmentDoc,
  PlannerAssessmentLock,
  SessionOutcomeKind,
  StatsLock,
} from '@studysync/db';
import type { PasswordHasher } from './auth';
import type { EventBus } from './events';
import type { RateLimiters } from './limits';
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
  rooms: {
    /** A group room nobody has been in for this long closes (10 minutes in production). */
    emptyCloseMs: number;
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
  /** Reactions across domains (`apiHooks` from wiring.ts). */
  hooks: ApiHooks;
  /** The clock; tests move it. */
  now: () => Date;
  /** This process's one-shot timers; closed on shutdown. */
  timers: TimerSet;
  /** Cleanup that runs after its request (closing streams); shutdown waits for it. */
  pending: PendingWork;
  /**
   * This server among those sharing the database: presence marks the seats each instance holds streams for. The
   * id changes when other servers presumed this one dead (see jobs/server-heartbeat.ts).
   */
  instance: { id: string };
  /** Called after such a change: clients must reconnect so that their streams count again. */
  onInstancePresumedDead?: () => void;
  onProcedure?: (metric: ProcedureMetric) => void;
  /** A new report was stored (not a repeat): /metrics counts it. */
  onReport?: (metric: ReportMetric) => void;
}

export interface ReportMetric {
  reason: 'spam' | 'harassment' | 'other';
  kind: 'message' | 'member';
}

/**
 * A room (partner session or study room) as safety needs it: which kind it is and who is, or
 * was, in it. Each kind of room answers for its own ids (`roomMembers` in wiring.ts).
 */
export interface RoomMembers {
  kind: string;
  roomId: ObjectId;
  members: readonly { userId: string; username: string }[];
}

/** One participant's ended session, as their study counters just counted it. */
export interface SessionCredit {
  userId: ObjectId;
  username: string;
  sessionId: string;
  kind: SessionOutcomeKind;
  minutes: number;
  endedAt: Date;
  /** The student's calendar day the session ended on. */
  day: string;
}

/** Work to do once the locks a hook ran under are released (publishing, say). */
export type AfterUnlock = () => Promise<void>;

/**
 * Reactions of one domain to another's changes, wired once in `wiring.ts` (`apiHooks`). The domain that
 * changes calls its hook without importing the one that reacts, so dependencies run one way:
 * progress knows study, study does not know progress; reminders know the planner, the planner
 * does not know reminders.
 */
export interface ApiHooks {
  /**
   * A session counted for a participant, under their stats lock (its handle: progress records
   * boards and achievements under it). Each part is exactly-once, so a re-run repeats nothing.
   */
  sessionCounted(deps: ApiDeps, lock: StatsLock, credit: SessionCredit): Promise<AfterUnlock>;
  /** A student's study counters changed otherwise (a goal check-in), under their stats lock. */
  statsChanged(deps: ApiDeps, lock: StatsLock, username: string): Promise<void>;
  /** An assessment was created or its dates changed (all reminders, or those of `keys`), under its lock. */
  assessmentChanged(
    deps: ApiDeps,
    lock: PlannerAssessmentLock,
    doc: PlannerAssessmentDoc,
    keys?: readonly string[],
  ): Promise<void>;
  /** An assessment was deleted, under its lock. */
  assessmentDeleted(deps: ApiDeps, lock: PlannerAssessmentLock, doc: PlannerAssessmentDoc): Promise<void>;
  /**
   * The room `roomId` with its members when `userId` is (or was) one of them, else null (for
   * them it does not exist): who may report in it, and whom. Partner sessions and study rooms
   * share the room log keyed by the room's id; each kind resolves its own ids.
   */
  roomMembers(deps: ApiDeps, roomId: string, userId: string): Promise<RoomMembers | null>;
}
