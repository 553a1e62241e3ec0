import {
  addReminderEntries,
  deleteReminder,
  findReminder,
  saveReminder,
  withReminderBucketLock,
  type PlannerAssessmentDoc,
  type PlannerAssessmentLock,
  type ReminderBucketEntry,
  type ReminderDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { publishUnreadCount, removeReminderNotification } from '../notifications';
import { hourBucket } from './hours';
import { plannedReminders } from './plan';

/**
 * Brings an assessment's reminders in line with its current dates (all of them, or just
 * `keys`), under the assessment's lock. Reminders that went out (or are going
 * out) stay as they are: each happens once per stage. A pending one whose moment is
 * unchanged is left alone even if that moment just passed (the job sends it); one whose new
 * moment is already over is dropped rather than sent late.
 */
export async function syncReminders(
  deps: ApiDeps,
  lock: PlannerAssessmentLock,
  doc: PlannerAssessmentDoc,
  keys?: readonly string[],
): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const plan = plannedReminders(doc).filter((planned) => !keys || keys.includes(planned.key));
  const current = await Promise.all(plan.map((planned) => findReminder(db, planned.key)));
  const schedule: ReminderDoc[] = [];
  const drop: ReminderDoc[] = [];
  plan.forEach((planned, index) => {
    const existing = current[index];
    if (existing && existing.state !== 'pending' && existing.state !== 'dropped') return;
    const { fireAt } = planned;
    if (existing?.state === 'pending' && fireAt !== null && existing.fireAt.getTime() === fireAt.getTime()) return;
    if (fireAt && fireAt > now) {
      schedule.push({
        _id: planned.key,
        userId: doc.ownerId,
        assessmentId: doc._id,
        kind: planned.kind,
        stageIndex: planned.stageIndex,
        fireAt,
        bucket: hourBucket(fireAt),
        state: 'pending',
        notificationId: null,
        updatedAt: now,
      });
    } else if (existing?.state === 'pending') {
      drop.push({ ...existing, state: 'dropped', updatedAt: now });
    }
  });
  // Listed in their buckets before they are pending there, so the job can never miss one.
  const byBucket = new Map<string, ReminderBucketEntry[]>();
  for (const reminder of schedule) {
    byBucket.set(reminder.bucket, [
      ...(byBucket.get(reminder.bucket) ?? []),
      { key: reminder._id, fireAt: reminder.fireAt },
    ]);
  }
  await Promise.all(
    [...byBucket].map(([bucket, entries]) =>
      withReminderBucketLock(db, bucket, (lock) => addReminderEntries(lock, entries)),
    ),
  );
  await Promise.all([...schedule, ...drop].map((reminder) => saveReminder(lock, reminder)));
}

/**
 * After deleting an assessment (under its lock, so no delivery is under way): removes its
 * reminders and the notifications they produced.
 */
export async function cancelAssessmentReminders(
  deps: ApiDeps,
  _lock: PlannerAssessmentLock,
  doc: PlannerAssessmentDoc,
): Promise<void> {
  const reminders = await Promise.all(plannedReminders(doc).map(({ key }) => findReminder(deps.db, key)));
  let removedAny = false;
  for (const reminder of reminders) {
    if (!reminder) continue;
    if (reminder.notificationId) {
      removedAny =
        (await removeReminderNotification(deps, doc.ownerId, reminder.notificationId, reminder._id)) || removedAny;
    }
    await deleteReminder(deps.db, reminder._id);
  }
  // Open tabs drop them from their list and badge.
  if (removedAny) await publishUnreadCount(deps, doc.ownerId);
}
