/** The benchmark's readers: seeded sign-ins, and tRPC clients and callers acting as them. */
import { createHash, randomBytes } from 'node:crypto';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import {
  apiHooks,
  appRouter,
  InProcessEventBus,
  PendingWork,
  SESSION_COOKIE,
  createPasswordHasher,
  createRateLimiters,
  type ApiDeps,
  type AppRouter,
  type Context,
  type TimerSet,
} from '@studysync/api';
import type { AuthSessionDoc, Db, UserDoc } from '@studysync/db';
import { DAY_MS, MINUTE_MS, random } from './fixtures';
import type { Options } from './options';
import type { Seeded } from './seed';

export interface Reader {
  user: UserDoc;
  token: string;
}

export type Caller = ReturnType<typeof appRouter.createCaller>;

/** Readers, signed in as a browser would be (a seeded sign-in each). */
export async function signInReaders(
  db: Db,
  seeded: Seeded,
  options: Options,
  now: Date,
): Promise<{ readers: Reader[]; signIns: AuthSessionDoc[] }> {
  const rand = random(7);
  const readers = Array.from({ length: options.readers }, () => {
    const user = seeded.users[Math.floor(rand() * seeded.users.length)] as UserDoc;
    return { user, token: randomBytes(32).toString('base64url') };
  });
  const signIns: AuthSessionDoc[] = readers.map(({ user, token }) => ({
    _id: createHash('sha256').update(token).digest('hex'),
    userId: user._id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 30 * DAY_MS),
  }));
  await db.collection<AuthSessionDoc>('authSessions').insertMany(signIns);
  return { readers, signIns };
}

/** One HTTP client per reader, sending its session cookie. */
export function httpClients(url: string, readers: readonly Reader[]): TRPCClient<AppRouter>[] {
  return readers.map(({ token }) =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${url}/trpc`, headers: () => ({ cookie: `${SESSION_COOKIE}=${token}` }) })],
    }),
  );
}

/**
 * The same procedures called in-process: what the API itself costs, given the request's
 * user (which the request context reads once per request; see "users" below).
 */
export function apiCallers(
  db: Db,
  timers: TimerSet,
  readers: readonly Reader[],
  signIns: readonly AuthSessionDoc[],
): Caller[] {
  const deps: ApiDeps = {
    db,
    hooks: apiHooks,
    bus: new InProcessEventBus(),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    now: () => new Date(),
    timers,
    pending: new PendingWork(),
    instance: { id: 'bench' },
    limiters: createRateLimiters(),
    passwords: createPasswordHasher({ log2Cost: 15, hashConcurrency: 2, verifyConcurrency: 2, maxQueued: 100 }),
    config: {
      production: false,
      sessionTtlMs: 30 * DAY_MS,
      allowedOrigins: [],
      trustProxy: false,
      maxSubscriptionsPerSocket: 50,
      signInCheckCacheMs: 2_000,
      sweepIntervalMs: 600_000,
      instanceTimeoutMs: 30_000,
      study: { minuteMs: MINUTE_MS, presenceGraceMs: 15_000, waitingGraceMs: 30_000 },
      rooms: { emptyCloseMs: 600_000 },
    },
  };
  return readers.map(({ user }, index) => {
    const context: Context = {
      deps,
      user,
      authTokenHash: signIns[index]?._id ?? null,
      authExpiresAt: null,
      clientAddress: '127.0.0.1',
      requestId: 'bench',
      origin: undefined,
      host: undefined,
      transport: 'http',
      socket: undefined,
      setCookie() {},
    };
    return appRouter.createCaller(context);
  });
}
