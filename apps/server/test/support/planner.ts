import type { Database } from '@studysync/db';

/** A clock the test moves by hand, shared by every server it is given to. */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => current,
    set(iso: string) {
      current = new Date(iso);
    },
  };
}

/** Environment that keeps the scheduler from running on its own: tests run it with `jobs.runNow`. */
export const MANUAL_JOBS = { SWEEP_INTERVAL_MS: '600000' };

export const REMINDER_JOB = 'planner-reminders';

/** What the planner stored, to check what was (not) written. */
export function plannerCounts(database: Database) {
  const count = (name: string) => database.db.collection(name).countDocuments();
  return Promise.all([
    count('plannerAssessments'),
    count('reminders'),
    count('notifications'),
    count('calendarFeeds'),
  ]).then(([assessments, reminders, notifications, feeds]) => ({ assessments, reminders, notifications, feeds }));
}

/** The delivered notifications (not tombstones), with the reminder each came from. */
export async function deliveredNotifications(database: Database) {
  const docs = await database.db.collection('notifications').find({}).toArray();
  return docs
    .filter((doc) => doc['deleted'] !== true)
    .map((doc) => ({ id: String(doc._id), reminderKey: String(doc['reminderKey']), title: String(doc['title']) }));
}
