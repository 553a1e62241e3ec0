/**
 * How fast the hot progress reads answer with a realistic amount of data.
 *
 *   npm run bench -w @studysync/server -- leaderboard [--students=50000] [--sessions=1000000] [--reads=300]
 *
 * Starts the embedded database (as the server would without MONGODB_URI; with MONGODB_URI it
 * uses that server, in a throwaway database), seeds students, ended sessions and what the
 * server maintains as sessions end (counters, achievements, board entries, boards) with bulk
 * inserts, then starts the real server on it and times, over HTTP through the tRPC client:
 * the weekly board (top 50 + the reader's own rank), the stats page, and `auth.me` (the cost
 * of any signed-in request), beside a plain `findOne({ _id })` through the driver. Seeding is
 * not timed. Board documents are built with the same code that maintains them, and a sample
 * of ranks is checked against a full sort before timing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import {
  achievementMeasures,
  appRouter,
  buildBoardDocuments,
  compareRanked,
  InProcessEventBus,
  PendingWork,
  periodOf,
  reachedAchievements,
  SESSION_COOKIE,
  createPasswordHasher,
  createRateLimiters,
  summarizeStats,
  TimerSet,
  type ApiDeps,
  type AppRouter,
  type Context,
  type Standing,
} from '@studysync/api';
import {
  allCollections,
  allIndexes,
  connectDatabase,
  ensureCollections,
  ensureIndexes,
  ObjectId,
  findProgress,
  PROGRESS_COLLECTION,
  startEmbeddedDatabase,
  type AuthSessionDoc,
  type BoardDoc,
  type BoardEntry,
  type BoardSlot,
  type Db,
  type EarnedAchievement,
  type ProgressDoc,
  type GoalResult,
  type SessionOutcomeKind,
  type StudySessionDoc,
  type StudyStatsDoc,
  type UserDoc,
} from '@studysync/db';
import { startServer } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

interface Options {
  students: number;
  sessions: number;
  reads: number;
  readers: number;
  batch: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { students: 50_000, sessions: 1_000_000, reads: 300, readers: 100, batch: 5_000 };
  for (const arg of args) {
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    const key = match?.[1] as keyof Options | undefined;
    if (!match || !key || !(key in options))
      throw new Error(`Unknown option ${arg} (known: ${Object.keys(options).join(', ')})`);
    options[key] = Number(match[2]);
  }
  return options;
}

/** A small seeded PRNG (mulberry32): the same data every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Africa/Lagos',
];
const dayFormats = new Map(
  ZONES.map((zone) => [
    zone,
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ]),
);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface Tally {
  minutes: number;
  completed: number;
  reachedAt: Date | null;
  applied: string[];
}
const emptyTally = (): Tally => ({ minutes: 0, completed: 0, reachedAt: null, applied: [] });

function addToTally(tally: Tally, sessionId: string, minutes: number, completed: boolean, endedAt: Date): void {
  tally.minutes += minutes;
  tally.completed += completed ? 1 : 0;
  if (!tally.reachedAt || endedAt > tally.reachedAt) tally.reachedAt = endedAt;
  tally.applied.push(sessionId);
  if (tally.applied.length > 20) tally.applied.shift();
}

async function insertInBatches<T extends object>(db: Db, name: string, docs: T[], batch: number): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) {
    await db.collection(name).insertMany(docs.slice(i, i + batch), { ordered: false });
  }
}

function stamp(startedAt: number, what: string): void {
  console.log(`  ${what} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
}

interface Seeded {
  users: UserDoc[];
  sessionIds: ObjectId[];
  weekStandings: Standing[];
  hidden: Set<string>;
}

async function seed(db: Db, options: Options, now: Date): Promise<Seeded> {
  const rand = random(20_261_127);
  const started = performance.now();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

  const users: UserDoc[] = Array.from({ length: options.students }, (_, i) => ({
    _id: new ObjectId(),
    email: `student${i}@bench.example`,
    username: `student${i}`,
    emailLower: `student${i}@bench.example`,
    usernameLower: `student${i}`,
    passwordHash: 'seeded: signs in through a seeded session only',
    timeZone: ZONES[i % ZONES.length] ?? 'UTC',
    createdAt: new Date(now.getTime() - 400 * DAY_MS),
    weeklyGoalHours: 5 + (i % 20),
    // One in fifty keeps off the boards.
    ...(i % 50 === 7 ? { hideFromLeaderboard: true } : {}),
  }));
  await insertInBatches(db, 'users', users, options.batch);
  stamp(started, `${users.length} students`);

  const periods = [periodOf('week', now), periodOf('month', now), periodOf('all', now)];
  const stats = users.map((user): StudyStatsDoc => ({
    _id: user._id.toHexString(),
    totalMinutes: 0,
    completedSessions: 0,
    quitSessions: 0,
    disconnectedSessions: 0,
    partnerEndedSessions: 0,
    longestSessionMinutes: 0,
    lastStudyDay: null,
    days: {},
    goals: { yes: 0, partly: 0, no: 0 },
    lastAppliedSessionId: null,
    lastCheckInSessionId: null,
  }));
  const tallies = periods.map(() => new Map<number, Tally>());
  const counterFor: Record<
    SessionOutcomeKind,
    'completedSessions' | 'quitSessions' | 'disconnectedSessions' | 'partnerEndedSessions'
  > = {
    completed: 'completedSessions',
    quit: 'quitSessions',
    disconnected: 'disconnectedSessions',
    partnerEnded: 'partnerEndedSessions',
  };
  const sessionIds: ObjectId[] = [];
  const goals: GoalResult[] = ['yes', 'yes', 'partly', 'no'];

  let batch: StudySessionDoc[] = [];
  for (let n = 0; n < options.sessions; n += 1) {
    const a = Math.floor(rand() * users.length);
    let b = Math.floor(rand() * (users.length - 1));
    if (b >= a) b += 1;
    const planned = pick([25, 25, 25, 50, 50, 90] as const);
    // Spread over the last year, ending now.
    const startedAt = new Date(now.getTime() - planned * MINUTE_MS - rand() * 365 * DAY_MS);
    const endsAt = new Date(startedAt.getTime() + planned * MINUTE_MS);
    const roll = rand();
    const early = roll < 0.17; // 10% ended early after 5+ minutes, 7% within the first 5 (not counted)
    const elapsed = early
      ? roll < 0.07
        ? 1 + Math.floor(rand() * 4)
        : 5 + Math.floor(rand() * (planned - 5))
      : planned;
    const endedAt = early ? new Date(startedAt.getTime() + elapsed * MINUTE_MS) : endsAt;
    const quitter = early ? pick([a, b]) : null;
    // 5% of completed sessions: one student gone before the end.
    const gone = !early && rand() < 0.05 ? pick([a, b]) : null;
    const goneAfter = Math.floor(rand() * planned);
    const session: StudySessionDoc = {
      _id: new ObjectId(),
      kind: 'partner',
      status: early ? 'endedEarly' : 'completed',
      plannedMinutes: planned,
      seats: [a, b].map((index) => {
        const user = users[index] as UserDoc;
        const checkIn = rand() < 0.5 ? { result: pick(goals), note: null, at: endedAt } : null;
        return {
          userId: user._id,
          username: user.username,
          goal: null,
          joinedAt: startedAt,
          streams: {},
          awaySince: gone === index ? new Date(startedAt.getTime() + goneAfter * MINUTE_MS) : null,
          disconnectedAt: gone === index ? new Date(startedAt.getTime() + goneAfter * MINUTE_MS) : null,
          checkIn,
        };
      }),
      createdAt: startedAt,
      startedAt,
      endsAt,
      endedAt,
      endedBy: quitter === null ? null : (users[quitter] as UserDoc)._id,
      fiveMinuteNoticeAt: null,
    };
    batch.push(session);
    // Ids from all along the table: a point read scans it on FerretDB, so where a row sits matters.
    if (n % Math.max(1, Math.floor(options.sessions / 5_000)) === 0) sessionIds.push(session._id);

    // What recordOutcome would have done for each seat, in bulk.
    if (elapsed >= 5) {
      const sessionId = session._id.toHexString();
      for (const [seatIndex, index] of [a, b].entries()) {
        const seat = session.seats[seatIndex];
        const doc = stats[index] as StudyStatsDoc;
        const user = users[index] as UserDoc;
        const kind: SessionOutcomeKind =
          quitter === index ? 'quit' : gone === index ? 'disconnected' : early ? 'partnerEnded' : 'completed';
        const minutes = gone === index ? goneAfter : elapsed;
        doc.totalMinutes += minutes;
        doc[counterFor[kind]] += 1;
        doc.longestSessionMinutes = Math.max(doc.longestSessionMinutes, minutes);
        doc.lastAppliedSessionId = sessionId;
        if (minutes > 0) {
          const day = dayFormats.get(user.timeZone)?.format(endedAt) ?? endedAt.toISOString().slice(0, 10);
          doc.days[day] = (doc.days[day] ?? 0) + minutes;
          if (!doc.lastStudyDay || day > doc.lastStudyDay) doc.lastStudyDay = day;
          for (const [p, period] of periods.entries()) {
            if (period.startsAt && endedAt < period.startsAt) continue;
            const tally = tallies[p] as Map<number, Tally>;
            const entry = tally.get(index) ?? emptyTally();
            addToTally(entry, sessionId, minutes, kind === 'completed', endedAt);
            tally.set(index, entry);
          }
        }
        if (seat?.checkIn) doc.goals[seat.checkIn.result] += 1;
      }
    }
    if (batch.length === options.batch) {
      await db.collection('studySessions').insertMany(batch, { ordered: false });
      batch = [];
      if ((n + 1) % 100_000 === 0) stamp(started, `${n + 1} sessions`);
    }
  }
  if (batch.length > 0) {
    await db.collection('studySessions').insertMany(batch, { ordered: false });
    stamp(started, `${options.sessions} sessions`);
  }

  await insertInBatches(db, 'studyStats', stats, options.batch);
  stamp(started, 'counters');

  // What the server keeps per student (progress/store.ts): a copy of the counters, achievements,
  // this week's, month's and all-time board entries.
  const hidden = new Set(users.filter((user) => user.hideFromLeaderboard).map((user) => user._id.toHexString()));
  const standings: Standing[][] = periods.map(() => []);
  const progressDocs: ProgressDoc[] = [];
  for (const [index, user] of users.entries()) {
    const userId = user._id.toHexString();
    const counters = stats[index] as StudyStatsDoc;
    const summary = summarizeStats(counters);
    const achievements: Record<string, EarnedAchievement> = {};
    for (const achievement of reachedAchievements(achievementMeasures(summary))) {
      const day = summary.lastStudyDay ?? '2026-01-01';
      achievements[achievement.key] = {
        earnedAt: new Date(`${day}T12:00:00Z`),
        day,
        sessionId: counters.lastAppliedSessionId ?? '',
        notificationId: null,
        notified: true,
      };
    }
    const boards: Partial<Record<BoardSlot, BoardEntry>> = {};
    for (const [p, period] of periods.entries()) {
      const tally = tallies[p]?.get(index);
      if (!tally?.reachedAt) continue;
      const visible = !hidden.has(userId);
      boards[period.kind] = {
        periodId: period.id,
        minutes: tally.minutes,
        completed: tally.completed,
        reachedAt: tally.reachedAt,
        applied: tally.applied,
        counted: visible ? tally.minutes : null,
        moving: null,
      };
      if (visible) {
        standings[p]?.push({
          userId,
          username: user.username,
          minutes: tally.minutes,
          completed: tally.completed,
          reachedAt: tally.reachedAt,
        });
      }
    }
    const doc: ProgressDoc = {
      _id: userId,
      username: user.username,
      stats: summary,
      hidden: hidden.has(userId),
      achievements,
      boards,
    };
    progressDocs.push(doc);
  }
  await insertInBatches(db, PROGRESS_COLLECTION, progressDocs, options.batch);
  stamp(started, 'progress documents');

  for (const [p, period] of periods.entries()) {
    const built = buildBoardDocuments(period.kind, period.id, standings[p] ?? [], now);
    await db.collection<BoardDoc>('boards').insertOne(built.board);
    await insertInBatches(db, 'boardRanges', built.ranges, options.batch);
    await insertInBatches(db, 'boardMembers', built.members, options.batch);
    stamp(
      started,
      `${period.id}: ${built.board.visible} ranked, ${built.ranges.length} range and ${built.members.length} member documents`,
    );
  }
  const weekStandings = standings[0] ?? [];
  return { users, sessionIds, weekStandings, hidden };
}

interface Timing {
  label: string;
  samples: number[];
}

function summary({ label, samples }: Timing): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const cell = (value: number) => value.toFixed(2).padStart(8);
  return `${label.padEnd(50)}${cell(sorted[0] ?? NaN)}${cell(at(0.5))}${cell(at(0.95))}${cell(sorted.at(-1) ?? NaN)}${String(sorted.length).padStart(6)}`;
}

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const quiet = { info() {}, warn() {}, error: (obj: object, msg?: string) => console.error(msg, obj) };
  console.log(
    `Seeding ${options.students} students and ${options.sessions} sessions (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded database'})…`,
  );
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ logger: quiet });
  const uri = process.env.MONGODB_URI ?? embedded?.uri ?? '';
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const database = await connectDatabase(uri, dbName);
  const { db } = database;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const timers = new TimerSet();
  try {
    await ensureCollections(db, allCollections);
    await ensureIndexes(db, allIndexes);
    const now = new Date();
    const seeded = await seed(db, options, now);

    // Readers, signed in as a browser would be (a seeded sign-in each).
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

    // The real server, for the reads over HTTP.
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MS: '600000',
    });
    server = await startServer({ config, logger: createLogger(config), database: { uri, dbName } });
    const url = server.url;
    const clients = readers.map(({ token }) =>
      createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `${url}/trpc`, headers: () => ({ cookie: `${SESSION_COOKIE}=${token}` }) })],
      }),
    );
    // The same procedures called in-process: what the API itself costs, given the request's
    // user (which the request context reads once per request; see "users" below).
    const deps: ApiDeps = {
      db,
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
        study: { minuteMs: MINUTE_MS, presenceGraceMs: 15_000 },
      },
    };
    const callers = readers.map(({ user }, index) => {
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

    // The reads must be right before they are fast: ranks against a full sort.
    const truth = [...seeded.weekStandings].sort(compareRanked);
    const position = new Map(truth.map((standing, index) => [standing.userId, index + 1]));
    let below = 0;
    let approximate = 0;
    for (const [index, reader] of readers.entries()) {
      const board = await (clients[index] as TRPCClient<AppRouter>).leaderboard.get.query({ board: 'week' });
      const userId = reader.user._id.toHexString();
      const exact = seeded.hidden.has(userId) ? null : (position.get(userId) ?? null);
      if (
        index === 0 &&
        board.top.map((row) => row.userId).join() !==
          truth
            .slice(0, 50)
            .map((s) => s.userId)
            .join()
      ) {
        throw new Error('The top 50 differ from a full sort');
      }
      if (exact === null || exact <= 100) {
        if (board.me.rank !== exact) throw new Error(`Rank of ${userId}: got ${board.me.rank}, expected ${exact}`);
        continue;
      }
      // Below the top list: everyone with more minutes, and the listed with as many, are ahead.
      const me = truth[exact - 1] as Standing;
      const more = truth.findIndex((standing) => standing.minutes === me.minutes);
      const listedTies = truth.slice(0, 100).filter((standing) => standing.minutes === me.minutes).length;
      if (board.me.rank !== more + listedTies + 1) {
        throw new Error(
          `Rank of ${userId}: got ${board.me.rank}, expected ${more + listedTies + 1} (exactly ${exact})`,
        );
      }
      below += 1;
      if (board.me.rank !== exact) approximate += 1;
    }
    console.log(
      `Checked: the weekly top 50 and ${readers.length} readers' ranks against a full sort of ${truth.length} ranked students ` +
        `(${below} readers below the top 100; ${approximate} of them share their tie group's rank).`,
    );

    const sessionsCollection = db.collection('studySessions');
    const usersCollection = db.collection('users');
    const reader = (i: number) => i % readers.length;
    const client = (i: number) => clients[reader(i)] as TRPCClient<AppRouter>;
    const caller = (i: number) => callers[reader(i)] as (typeof callers)[number];
    const progressOf = (i: number) => {
      const userId = (readers[reader(i)] as (typeof readers)[number]).user._id.toHexString();
      return findProgress(db, userId);
    };
    const rows: Timing[] = [];
    const measure = async (label: string, reads: number, call: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < Math.min(10, Math.ceil(reads / 5)); i += 1) await call(i); // warm up
      const timing: Timing = { label, samples: [] };
      for (let i = 0; i < reads; i += 1) {
        const begin = performance.now();
        await call(i);
        timing.samples.push(performance.now() - begin);
      }
      rows.push(timing);
    };
    // The big table takes seconds a read on FerretDB: a few samples show it.
    const baselineReads = options.sessions >= 200_000 ? 5 : Math.min(options.reads, 50);
    const httpReads = Math.min(options.reads, 100);
    await measure(`findOne({ _id }) studySessions, ${options.sessions} rows`, baselineReads, (i) =>
      sessionsCollection.findOne({ _id: seeded.sessionIds[(i * 7919) % seeded.sessionIds.length] }),
    );
    await measure(`findOne({ _id }) users, ${options.students} rows`, httpReads, (i) =>
      usersCollection.findOne({ _id: (seeded.users[(i * 7919) % seeded.users.length] as UserDoc)._id }),
    );
    await measure(`findOne({ _id }) progress, ${options.students} rows`, options.reads, progressOf);
    await measure('findOne({ _id }) boards, 3 rows (per-query floor)', options.reads, () =>
      db.collection<BoardDoc>('boards').findOne({ _id: 'week' }),
    );
    await measure('API leaderboard.get week: top 50 + own rank', options.reads, (i) =>
      caller(i).leaderboard.get({ board: 'week' }),
    );
    await measure('API leaderboard.get month', options.reads, (i) => caller(i).leaderboard.get({ board: 'month' }));
    await measure('API leaderboard.get all time', options.reads, (i) => caller(i).leaderboard.get({ board: 'all' }));
    await measure('API progress.overview: the stats page', options.reads, (i) => caller(i).progress.overview());
    await measure('HTTP auth.me (what any request costs)', httpReads, (i) => client(i).auth.me.query());
    await measure('HTTP leaderboard.get week', httpReads, (i) => client(i).leaderboard.get.query({ board: 'week' }));
    await measure('HTTP progress.overview', httpReads, (i) => client(i).progress.overview.query());

    const counts = await Promise.all(
      ['users', 'studySessions', 'studyStats', 'boards', 'boardRanges', 'boardMembers', PROGRESS_COLLECTION].map(
        async (name) => `${name} ${await db.collection(name).estimatedDocumentCount()}`,
      ),
    );
    console.log(`\nRows: ${counts.join(', ')}`);
    console.log(`Engine: ${embedded?.engine ?? 'MONGODB_URI'}. Each read timed on its own after a warm-up; ms:\n`);
    console.log(
      `${''.padEnd(50)}${'min'.padStart(8)}${'median'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}${'n'.padStart(6)}`,
    );
    for (const timing of rows) console.log(summary(timing));
  } finally {
    timers.close();
    await server?.close();
    await database.client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await database.client.close();
    await embedded?.stop();
  }
}
