/** Bulk seeding: students, ended sessions and what the server maintains as sessions end. */
import {
  achievementMeasures,
  buildBoardDocuments,
  periodOf,
  reachedAchievements,
  summarizeStats,
  type Standing,
} from '@studysync/api';
import {
  ObjectId,
  PROGRESS_COLLECTION,
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
import { DAY_MS, MINUTE_MS, ZONES, dayFormats, random } from './fixtures';
import type { Options } from './options';

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

export interface Seeded {
  users: UserDoc[];
  sessionIds: ObjectId[];
  weekStandings: Standing[];
  hidden: Set<string>;
}

export async function seed(db: Db, options: Options, now: Date): Promise<Seeded> {
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
