import type { Db } from 'mongodb';
import type { BoardSlot } from './leaderboard';
import { replaceById } from './leaderboard';
import { assertHeldFor, type StatsLock } from './lock-handles';
import { studyStatsCollection, type StudyStatsDoc } from './study-stats';

/**
 * What progress shows of the student's `studyStats` counters (the source), kept small and of
 * bounded size however long they study: the counters, the last months of minutes per day
 * (enough for the 12-week chart and this week's goal), and their streaks as of the latest day.
 */
export interface ProgressStats extends Omit<
  StudyStatsDoc,
  '_id' | 'lastAppliedSessionId' | 'lastCheckInSessionId' | 'days'
> {
  /** Minutes per calendar day, from PROGRESS_RECENT_DAYS before the latest studied day. */
  recentDays: Record<string, number>;
  streak: {
    /** The longest run of consecutive studied days ever. */
    best: number;
    /** First and last day of the run that ends on the latest studied day. */
    runStart: string | null;
    runEnd: string | null;
  };
}

/** How many days before the latest studied one a progress document keeps (the chart needs 84). */
export const PROGRESS_RECENT_DAYS = 120;

/** One earned achievement: when, and whether the student has been told (a notification). */
export interface EarnedAchievement {
  earnedAt: Date;
  /** The student's calendar day it was earned on (their zone at the time). */
  day: string;
  /** The session whose end earned it. */
  sessionId: string;
  /** The notification about to be, or already, written for it (recorded before the write). */
  notificationId: string | null;
  notified: boolean;
}

/** The student's figures for one board's period, and where that board counts them. */
export interface BoardEntry {
  periodId: string;
  minutes: number;
  completed: number;
  reachedAt: Date | null;
  /** The latest sessions applied (guards exactly-once, also after a crash). */
  applied: string[];
  /** The minutes the board counts them at; null while not listed (hidden, or none). */
  counted: number | null;
  /**
   * A move on the board recorded before it is made; whoever touches the entry next finishes
   * it first, so a crash half-way leaves nothing behind.
   */
  moving: { from: number | null; to: number | null } | null;
}

/**
 * What the progress page and a student's own row on the boards read: one document per
 * student, `_id` = user id, kept up to date under the student's stats lock (`statsLockKey`)
 * whenever their counters change, so those reads are one point read and never a write.
 */
export interface ProgressDoc {
  _id: string;
  /** As shown on the boards. */
  username: string;
  /** The student's `studyStats` counters as of their last change, summarised. */
  stats: ProgressStats;
  /** Kept off the boards (mirrors the user's setting; changed under the same lock). */
  hidden: boolean;
  achievements: Record<string, EarnedAchievement>;
  /** This week's, month's and all-time figures (older periods are dropped as new ones start). */
  boards: Partial<Record<BoardSlot, BoardEntry>>;
}

export const PROGRESS_COLLECTION = 'progress';

export const progressCollection = (db: Db) => db.collection<ProgressDoc>(PROGRESS_COLLECTION);

export function findProgress(db: Db, userId: string): Promise<ProgressDoc | null> {
  return progressCollection(db).findOne({ _id: userId });
}

/** Writes the whole document, under the student's stats lock (whose student it must be). */
export function saveProgress(lock: StatsLock, doc: ProgressDoc): Promise<void> {
  assertHeldFor(lock, doc._id === lock.userId);
  return replaceById(progressCollection(lock.db), doc);
}

/** A deleted student's progress and study counters, both by `_id`, under their stats lock. */
export async function deleteProgressAndStats(lock: StatsLock): Promise<void> {
  await progressCollection(lock.db).deleteOne({ _id: lock.userId });
  await studyStatsCollection(lock.db).deleteOne({ _id: lock.userId });
}
