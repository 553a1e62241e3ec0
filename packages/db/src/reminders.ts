import { assertHeldFor, type PlannerAssessmentLock, type ReminderBucketLock } from './lock-handles';
import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Reminders happen at a time, exactly once, whatever the number of servers or restarts.
 *
 * - A reminder is a document whose `_id` is its natural key (`<assessmentId>:<stage>:<kind>`),
 *   so there is never more than one per stage and kind.
 * - Every write to it happens under its assessment's lock (FerretDB's conditional updates are
 *   not isolated, so the lock is what makes them single-writer). Its `state` goes `pending`
 *   (or `dropped`, when its moment passed before it was planned) → `sending`, recording the
 *   notification id it is about to use → `sent`; or → `skipped` (nothing left to say when it
 *   came due) / `cancelled`. A run that finds `sending` (its sender died) checks whether that
 *   notification exists before making another, so a crash is repaired and never doubled.
 * - Hour buckets (`_id: 'YYYY-MM-DDTHH'`, UTC) list what comes due in that hour, and one small
 *   document remembers the last hour fully done: the job reads buckets by `_id` from there to
 *   now, which is also how it catches up after downtime.
 */

export type ReminderState = 'pending' | 'dropped' | 'sending' | 'sent' | 'skipped' | 'cancelled';

/** States a reminder never leaves. */
export const FINAL_REMINDER_STATES: readonly ReminderState[] = ['sent', 'skipped', 'cancelled'];

/** What a reminder is about; its notification has the same kind. */
export type ReminderKind = 'stageStarts' | 'stageDueTomorrow' | 'stageOverdue' | 'assessmentDueSoon';

export interface ReminderDoc {
  _id: string;
  userId: ObjectId;
  assessmentId: ObjectId;
  kind: ReminderKind;
  stageIndex: number | null;
  fireAt: Date;
  /** The hour bucket listing it. */
  bucket: string;
  state: ReminderState;
  notificationId: string | null;
  updatedAt: Date;
}

export interface ReminderBucketEntry {
  key: string;
  fireAt: Date;
}

export interface ReminderBucketDoc {
  _id: string;
  entries: ReminderBucketEntry[];
}

export interface ReminderClockDoc {
  _id: string;
  /** Every bucket up to and including this hour has been handled. */
  finishedThrough: string;
}

export const remindersCollection = (db: Db) => db.collection<ReminderDoc>('reminders');
export const reminderBucketsCollection = (db: Db) => db.collection<ReminderBucketDoc>('reminderBuckets');
const reminderClockCollection = (db: Db) => db.collection<ReminderClockDoc>('reminderClock');

const CLOCK_ID = 'planner-reminders';

export function findReminder(db: Db, key: string): Promise<ReminderDoc | null> {
  return remindersCollection(db).findOne({ _id: key });
}

/** Writes the reminder whole, under its assessment's lock. */
export async function saveReminder(lock: PlannerAssessmentLock, reminder: ReminderDoc): Promise<void> {
  assertHeldFor(lock, reminder.assessmentId.equals(lock.assessmentId));
  await remindersCollection(lock.db).replaceOne({ _id: reminder._id }, reminder, { upsert: true });
}

export async function deleteReminder(db: Db, key: string): Promise<void> {
  await remindersCollection(db).deleteOne({ _id: key });
}

/** Lists entries in their hour bucket (idempotent), under the bucket's lock. */
export async function addReminderEntries(
  lock: ReminderBucketLock,
  entries: readonly ReminderBucketEntry[],
): Promise<void> {
  await reminderBucketsCollection(lock.db).updateOne(
    { _id: lock.hour },
    { $addToSet: { entries: { $each: [...entries] } } },
    { upsert: true },
  );
}

export function findReminderBucket(db: Db, bucket: string): Promise<ReminderBucketDoc | null> {
  return reminderBucketsCollection(db).findOne({ _id: bucket });
}

export async function deleteReminderBucket(db: Db, bucket: string): Promise<void> {
  await reminderBucketsCollection(db).deleteOne({ _id: bucket });
}

/** The last hour fully handled, or null before the job's very first run. */
export async function readReminderClock(db: Db): Promise<string | null> {
  return (await reminderClockCollection(db).findOne({ _id: CLOCK_ID }))?.finishedThrough ?? null;
}

/**
 * Records that every bucket through `hour` is handled. Two servers may race here; the worst
 * outcome is the mark landing an hour or so back, which only means re-reading a few buckets.
 */
export async function advanceReminderClock(db: Db, hour: string): Promise<void> {
  const clock = reminderClockCollection(db);
  const current = await readReminderClock(db);
  if (current !== null && current >= hour) return;
  await clock
    .updateOne({ _id: CLOCK_ID }, { $set: { finishedThrough: hour } }, { upsert: true })
    .catch(async (error: unknown) => {
      // Two first runs raced to create it (FerretDB's upsert is not atomic): it exists now.
      if (!isDuplicateKey(error)) throw error;
      await clock.updateOne({ _id: CLOCK_ID }, { $set: { finishedThrough: hour } });
    });
}
