import {
  findNotificationCounter,
  findNotifications,
  findProgress,
  findStudyStats,
  isLiveNotification,
  notificationId,
  SESSION_HISTORY_KEPT,
  type UserDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { toNotificationView, type NotificationView } from '../notifications';
import { type AssessmentView, listAssessments, toAssessmentView } from '../planner';
import { toPublicUser, type PublicUser } from '../public-user';
import { type BlockedStudentView, listBlocked } from '../safety';
import { type HistoryItemView, listHistory } from '../study';

/** Everything StudySync keeps about the student, as they would read it (no password hash, no tokens). */
export interface AccountExport {
  exportedAt: string;
  account: PublicUser;
  stats: {
    totalMinutes: number;
    completedSessions: number;
    minutesPerDay: Record<string, number>;
    goals: Record<string, number>;
  } | null;
  achievements: { key: string; earnedAt: string; day: string }[];
  sessions: HistoryItemView[];
  assessments: AssessmentView[];
  notifications: NotificationView[];
  /** The students they blocked. */
  blocked: BlockedStudentView[];
}

/** How many notifications an export carries, newest first. */
export const EXPORTED_NOTIFICATIONS = 1000;

export async function exportAccount(deps: ApiDeps, user: UserDoc): Promise<AccountExport> {
  const id = user._id.toHexString();
  const [stats, progress, history, assessments, counter, blocked] = await Promise.all([
    findStudyStats(deps.db, id),
    findProgress(deps.db, id),
    listHistory(deps, user._id, null, SESSION_HISTORY_KEPT),
    listAssessments(deps, user._id),
    findNotificationCounter(deps.db, user._id),
    listBlocked(deps, id),
  ]);
  // The newest ones, by number: point reads, bounded however many a student collected.
  const shown = Math.min(counter.seq, EXPORTED_NOTIFICATIONS);
  const numbers = Array.from({ length: shown }, (_, i) => notificationId(user._id, counter.seq - i));
  const notifications = (await findNotifications(deps.db, numbers)).filter(isLiveNotification);
  const now = deps.now();
  return {
    exportedAt: now.toISOString(),
    account: toPublicUser(user),
    stats: stats && {
      totalMinutes: stats.totalMinutes,
      completedSessions: stats.completedSessions,
      minutesPerDay: stats.days,
      goals: stats.goals,
    },
    achievements: Object.entries(progress?.achievements ?? {}).map(([key, earned]) => ({
      key,
      earnedAt: earned.earnedAt.toISOString(),
      day: earned.day,
    })),
    sessions: history.items,
    assessments: assessments.map((doc) => toAssessmentView(doc, now)),
    notifications: notifications.map((doc) => toNotificationView(doc, counter)),
    blocked,
  };
}
