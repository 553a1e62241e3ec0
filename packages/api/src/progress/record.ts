import {
  findNotifications,
  saveProgress,
  type BoardDoc,
  type ObjectId,
  type NotificationKind,
  type ProgressDoc,
  type StatsLock,
} from '@studysync/db';
import type { AfterUnlock, ApiDeps, SessionCredit } from '../deps';
import { createNotification } from '../notifications';
import { ACHIEVEMENTS, achievementMeasures, achievementNoticeKey, reachedAchievements } from './achievements';
import { creditEntries, publishBoards, settleMoves } from './leaderboard';
import { loadProgressForUpdate } from './store';

/** The notification kind of "achievement earned" notices. */
export const ACHIEVEMENT_NOTIFICATION_KIND = 'achievementEarned' satisfies NotificationKind;

/** The `sessionCounted` hook: records the session's progress, and publishes the boards it moved once unlocked. */
export async function recordProgressOf(deps: ApiDeps, lock: StatsLock, credit: SessionCredit): Promise<AfterUnlock> {
  const boards = await recordProgress(deps, lock, credit);
  return () => publishBoards(deps, boards);
}

/**
 * What progress adds to one participant's ended session, after their counters (which it
 * copies): the boards it counts on, achievements, and their notices, under the student's
 * stats lock. Each part has its own exactly-once guard, and every move on a board
 * is recorded before it is made, so a re-run after a crash (the sweep) finishes what the
 * first run did not and repeats nothing. Returns the boards that changed, to publish once
 * the locks are released.
 */
async function recordProgress(deps: ApiDeps, lock: StatsLock, credit: SessionCredit): Promise<BoardDoc[]> {
  const doc = await loadProgressForUpdate(deps, credit.userId, credit.username);
  const changed: BoardDoc[] = [];
  // Moves a crash left half-made come first.
  if (await settleMoves(deps, doc, changed)) await saveProgress(lock, doc);
  creditEntries(doc, {
    sessionId: credit.sessionId,
    minutes: credit.minutes,
    completed: credit.kind === 'completed',
    endedAt: credit.endedAt,
  });
  recordAchievements(doc, credit);
  // Recorded, then acted on.
  await saveProgress(lock, doc);
  if (await settleMoves(deps, doc, changed)) await saveProgress(lock, doc);
  await notifyAchievements(deps, lock, doc, credit.userId);
  return changed;
}

/** Dates every achievement the (copied) counters have reached and that is not recorded yet. */
function recordAchievements(doc: ProgressDoc, credit: SessionCredit): void {
  for (const achievement of reachedAchievements(achievementMeasures(doc.stats))) {
    doc.achievements[achievement.key] ??= {
      earnedAt: credit.endedAt,
      day: credit.day,
      sessionId: credit.sessionId,
      notificationId: null,
      notified: false,
    };
  }
}

/**
 * Tells the student about each achievement not yet told, once: the notification's id is
 * recorded before it is written, and a re-run that finds it written just marks it told.
 */
async function notifyAchievements(deps: ApiDeps, lock: StatsLock, doc: ProgressDoc, userId: ObjectId): Promise<void> {
  for (const achievement of ACHIEVEMENTS) {
    const earned = doc.achievements[achievement.key];
    if (!earned || earned.notified) continue;
    const noticeKey = achievementNoticeKey(doc._id, achievement.key);
    if (earned.notificationId) {
      // A run that died after recording the id: if the notification is there (or was deleted), it went out.
      const [sent] = await findNotifications(deps.db, [earned.notificationId]);
      if (sent?.reminderKey === noticeKey) {
        earned.notified = true;
        await saveProgress(lock, doc);
        continue;
      }
    }
    const notification = await createNotification(
      deps,
      userId,
      {
        kind: ACHIEVEMENT_NOTIFICATION_KIND,
        title: `Achievement earned: ${achievement.title}`,
        body: achievement.praise,
        assessmentId: null,
        stageIndex: null,
        // The notice's own key (as reminders use it): how a re-run recognises it.
        reminderKey: noticeKey,
        createdAt: deps.now(),
      },
      async (id) => {
        earned.notificationId = id;
        await saveProgress(lock, doc);
      },
    );
    earned.notificationId = notification._id;
    earned.notified = true;
    await saveProgress(lock, doc);
  }
}
