import {
  findNotifications,
  findPlannerAssessment,
  findReminder,
  saveReminder,
  withPlannerAssessmentLock,
  type ReminderState,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { createNotification } from '../notifications';
import { localDay } from '../dates';
import { isReminderMoot, reminderText } from './messages';
import { plannedReminders } from './plan';
import { syncReminders } from './schedule';

/**
 * Sends one due reminder, exactly once however many servers try at once and whatever
 * crashes in between. Under the assessment's lock (so one sender at a time):
 *
 * 1. A reminder already sent, skipped or cancelled is left alone.
 * 2. One found `sending` was begun by a sender that died: if the notification it recorded
 *    exists, it did go out, so it is just marked sent.
 * 3. Otherwise the notification's id is recorded (`sending`) before it is written, then
 *    written, then the reminder is marked `sent`.
 */
export async function deliverReminder(deps: ApiDeps, key: string): Promise<void> {
  const listed = await findReminder(deps.db, key);
  if (!listed) return;
  await withPlannerAssessmentLock(deps.db, listed.assessmentId, async (lock) => {
    const reminder = await findReminder(deps.db, key);
    const now = deps.now();
    if (!reminder || (reminder.state !== 'pending' && reminder.state !== 'sending') || reminder.fireAt > now) return;
    const settle = (state: ReminderState, notificationId = reminder.notificationId) =>
      saveReminder(lock, { ...reminder, state, notificationId, updatedAt: deps.now() });

    const doc = await findPlannerAssessment(deps.db, reminder.assessmentId);
    if (!doc) return settle('cancelled');
    if (reminder.state === 'sending' && reminder.notificationId) {
      const [sent] = await findNotifications(deps.db, [reminder.notificationId]);
      if (sent?.reminderKey === key) return settle('sent');
    }
    const kind = reminder.kind;
    if (reminder.state === 'pending') {
      // The plan may have moved since this was listed: follow the plan, not the listing.
      const planned = plannedReminders(doc).find((candidate) => candidate.key === key);
      if (!planned) return settle('cancelled');
      if (planned.fireAt?.getTime() !== reminder.fireAt.getTime()) return syncReminders(deps, lock, doc, [key]);
      if (isReminderMoot(doc, kind, reminder.stageIndex)) return settle('skipped');
    }
    const text = reminderText(doc, kind, reminder.stageIndex, localDay(doc.timeZone, now));
    const notification = await createNotification(
      deps,
      reminder.userId,
      {
        kind,
        title: text.title,
        body: text.body,
        assessmentId: doc._id,
        stageIndex: reminder.stageIndex,
        reminderKey: key,
        createdAt: now,
      },
      (id) => settle('sending', id),
    );
    await settle('sent', notification._id);
  });
}
