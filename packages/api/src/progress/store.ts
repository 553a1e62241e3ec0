import {
  findProgress,
  findStudyStats,
  findUserById,
  ObjectId,
  saveProgress,
  type ProgressDoc,
  PROGRESS_RECENT_DAYS,
  type ProgressStats,
  type StudyStatsDoc,
  type StatsLock,
} from '@studysync/db';
import { toStatsView } from '../study';
import { recentDays, streakSummary } from './calendar';
import type { ApiDeps } from '../deps';

export function findProgressOrNull(deps: ApiDeps, userId: string): Promise<ProgressDoc | null> {
  return findProgress(deps.db, userId);
}

/** What progress shows of `studyStats` (zeros before the first session), bounded in size. */
export function summarizeStats(stats: StudyStatsDoc | null): ProgressStats {
  const days = stats?.days ?? {};
  return {
    ...toStatsView(stats),
    recentDays: recentDays(days, PROGRESS_RECENT_DAYS),
    streak: streakSummary(days),
  };
}

/**
 * The student's progress document as it should be now, with their counters summarised fresh
 * from `studyStats` (the source; this is what reads need of it, in a small table). A new one takes the
 * visibility from their user document. The caller holds the student's stats lock and saves.
 */
export async function loadProgressForUpdate(deps: ApiDeps, userId: ObjectId, username: string): Promise<ProgressDoc> {
  const id = userId.toHexString();
  const [found, stats] = await Promise.all([findProgress(deps.db, id), findStudyStats(deps.db, id)]);
  if (found) return { ...found, stats: summarizeStats(stats) };
  const user = await findUserById(deps.db, userId);
  return {
    _id: id,
    username: user?.username ?? username,
    stats: summarizeStats(stats),
    hidden: user?.hideFromLeaderboard ?? false,
    achievements: {},
    boards: {},
  };
}

/**
 * Brings the copy of the counters up to date after they changed outside a session's end (a
 * goal check-in), under the student's stats lock.
 */
export async function syncProgressStats(deps: ApiDeps, lock: StatsLock, username: string): Promise<void> {
  await saveProgress(lock, await loadProgressForUpdate(deps, new ObjectId(lock.userId), username));
}
