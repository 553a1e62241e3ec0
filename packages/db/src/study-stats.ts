import type { StatsLock } from './lock-handles';
import type { Db, UpdateFilter } from 'mongodb';
import { isDuplicateKey } from './errors';
import type { GoalResult } from './study-sessions';

/**
 * A student's running study counters, one small document by `_id` = user id, maintained as
 * sessions end: reading stats never scans sessions and never writes.
 */
export interface StudyStatsDoc {
  _id: string;
  totalMinutes: number;
  completedSessions: number;
  /** Sessions this student ended early. */
  quitSessions: number;
  /** Sessions whose end found this student gone (all connections lost, not back). */
  disconnectedSessions: number;
  /** Sessions their partner ended early (minutes count, no completion). */
  partnerEndedSessions: number;
  longestSessionMinutes: number;
  /** The student's calendar day (in their zone at the time) of their latest counted session. */
  lastStudyDay: string | null;
  /** Minutes per calendar day (`YYYY-MM-DD` in the student's zone): streaks, weeks and charts build on it. */
  days: Record<string, number>;
  goals: Record<GoalResult, number>;
  /** Guards exactly-once: a session's outcome is applied only if it is not the last one applied. */
  lastAppliedSessionId: string | null;
  lastCheckInSessionId: string | null;
}

export type SessionOutcomeKind = 'completed' | 'quit' | 'disconnected' | 'partnerEnded';

export const studyStatsCollection = (db: Db) => db.collection<StudyStatsDoc>('studyStats');

export function findStudyStats(db: Db, userId: string): Promise<StudyStatsDoc | null> {
  return studyStatsCollection(db).findOne({ _id: userId });
}

const counterFor: Record<SessionOutcomeKind, keyof StudyStatsDoc> = {
  completed: 'completedSessions',
  quit: 'quitSessions',
  disconnected: 'disconnectedSessions',
  partnerEnded: 'partnerEndedSessions',
};

/**
 * Adds one ended session to a student's counters, once: a second call for the same session
 * finds it already applied. Read and written by `_id` alone (a second key in the filter makes
 * FerretDB scan every student's counters); under the student's stats lock (its handle names
 * them), which is what makes the read-then-write safe. Returns whether this call applied it.
 */
export async function applySessionOutcome(
  lock: StatsLock,
  outcome: { sessionId: string; kind: SessionOutcomeKind; minutes: number; day: string },
): Promise<boolean> {
  const { db, userId } = lock;
  const current = await studyStatsCollection(db).findOne({ _id: userId }, { projection: { lastAppliedSessionId: 1 } });
  if (current?.lastAppliedSessionId === outcome.sessionId) return false;
  // A student who dropped out at once still has the session on record, but no study day.
  const studied = outcome.minutes > 0;
  await upsertStats(db, userId, {
    $inc: {
      totalMinutes: outcome.minutes,
      [counterFor[outcome.kind]]: 1,
      ...(studied ? { [`days.${outcome.day}`]: outcome.minutes } : {}),
    },
    $max: { longestSessionMinutes: outcome.minutes, ...(studied ? { lastStudyDay: outcome.day } : {}) },
    $set: { lastAppliedSessionId: outcome.sessionId },
  });
  return true;
}

/** Counts a goal check-in once per session, under the student's stats lock. */
export async function applyGoalCheckIn(lock: StatsLock, sessionId: string, result: GoalResult): Promise<boolean> {
  const { db, userId } = lock;
  const current = await studyStatsCollection(db).findOne({ _id: userId }, { projection: { lastCheckInSessionId: 1 } });
  if (current?.lastCheckInSessionId === sessionId) return false;
  await upsertStats(db, userId, { $inc: { [`goals.${result}`]: 1 }, $set: { lastCheckInSessionId: sessionId } });
  return true;
}

async function upsertStats(db: Db, userId: string, update: UpdateFilter<StudyStatsDoc>): Promise<void> {
  try {
    await studyStatsCollection(db).updateOne({ _id: userId }, update, { upsert: true });
  } catch (error) {
    // FerretDB's upsert is not atomic: a first insert raced ours (not under this lock). It exists now.
    if (!isDuplicateKey(error)) throw error;
    await studyStatsCollection(db).updateOne({ _id: userId }, update);
  }
}

/** The lock every writer of a student's counters takes. */
