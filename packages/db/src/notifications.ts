import { assertHeldFor, type NotificationsLock } from './lock-handles';
import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';
import type { ReminderKind } from './reminders';

/**
 * A student's notifications are numbered 1, 2, 3… and stored under
 * `_id: '<userId>:<seq, 10 digits>'`, so the newest page, the next page and whatever a
 * reconnecting tab missed are point reads by `_id`, never a filtered scan.
 *
 * Writers hold the student's notifications lock (`withNotificationsLock`): on FerretDB a conditional
 * update or `$inc` is an unisolated read-modify-write, so the lock is what keeps the counter
 * right. A deleted notification leaves a tombstone that keeps its number (and reminder) taken.
 */

/** Every kind of notification: a reminder's, or an achievement earned. */
export type NotificationKind = ReminderKind | 'achievementEarned';

export interface NotificationDoc {
  _id: string;
  userId: ObjectId;
  seq: number;
  deleted?: false;
  kind: NotificationKind;
  title: string;
  body: string;
  assessmentId: ObjectId | null;
  stageIndex: number | null;
  /** The reminder that produced it. */
  reminderKey: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface NotificationTombstoneDoc {
  _id: string;
  userId: ObjectId;
  seq: number;
  deleted: true;
  reminderKey: string | null;
  deletedAt: Date;
}

export type StoredNotificationDoc = NotificationDoc | NotificationTombstoneDoc;

/**
 * `seq`: the last number handed out. `unread`: how many are unread. `readThrough`: everything
 * numbered up to here counts as read ("mark all read" moves it instead of touching each one).
 */
export interface NotificationCounterDoc {
  _id: ObjectId;
  seq: number;
  unread: number;
  readThrough: number;
}

export const notificationsCollection = (db: Db) => db.collection<StoredNotificationDoc>('notifications');
export const notificationCountersCollection = (db: Db) => db.collection<NotificationCounterDoc>('notificationCounters');

const SEQ_DIGITS = 10;

export function notificationId(userId: ObjectId, seq: number): string {
  return `${userId.toHexString()}:${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The owner and number of a notification id, or null when it is not one. */
export function parseNotificationId(id: string): { userHex: string; seq: number } | null {
  const match = /^([0-9a-f]{24}):(\d{10})$/.exec(id);
  if (!match?.[1] || !match[2]) return null;
  return { userHex: match[1], seq: Number(match[2]) };
}

export function isLiveNotification(doc: StoredNotificationDoc | null | undefined): doc is NotificationDoc {
  return Boolean(doc) && doc?.deleted !== true;
}

export async function findNotificationCounter(db: Db, userId: ObjectId): Promise<NotificationCounterDoc> {
  return (
    (await notificationCountersCollection(db).findOne({ _id: userId })) ?? {
      _id: userId,
      seq: 0,
      unread: 0,
      readThrough: 0,
    }
  );
}

/** Writes the counter whole, under the student's notifications lock (whose student it must be). */
export async function saveNotificationCounter(lock: NotificationsLock, counter: NotificationCounterDoc): Promise<void> {
  assertHeldFor(lock, counter._id.equals(lock.userId));
  await notificationCountersCollection(lock.db).replaceOne({ _id: counter._id }, counter, { upsert: true });
}

/** Inserts under its id; false when that id is taken (by it already, by another, or a tombstone). */
export async function insertNotification(db: Db, doc: NotificationDoc): Promise<boolean> {
  try {
    await notificationsCollection(db).insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Point reads of the given ids, in the same order (null for gaps). */
export function findNotifications(db: Db, ids: readonly string[]): Promise<(StoredNotificationDoc | null)[]> {
  const collection = notificationsCollection(db);
  return Promise.all(ids.map((id) => collection.findOne({ _id: id })));
}

/** Marks one read, under the student's notifications lock (the counter changes with it). */
export async function setNotificationRead(lock: NotificationsLock, id: string, at: Date): Promise<void> {
  await notificationsCollection(lock.db).updateOne({ _id: id }, { $set: { readAt: at } });
}

/** Replaces a notification by its tombstone, under the student's notifications lock. */
export async function tombstoneNotification(
  lock: NotificationsLock,
  tombstone: NotificationTombstoneDoc,
): Promise<void> {
  assertHeldFor(lock, tombstone.userId.equals(lock.userId));
  await notificationsCollection(lock.db).replaceOne({ _id: tombstone._id }, tombstone, { upsert: true });
}

/** Deletes every notification of a student (tombstones too) and their counter, under their lock. */
export async function deleteNotificationsOf(lock: NotificationsLock): Promise<void> {
  const { db, userId } = lock;
  const { seq } = await findNotificationCounter(db, userId);
  const collection = notificationsCollection(db);
  // By `_id`, a batch at a time: numbered ids make every one of them known without a scan.
  for (let from = 1; from <= seq; from += 50) {
    const ids = Array.from({ length: Math.min(50, seq - from + 1) }, (_, i) => notificationId(userId, from + i));
    await Promise.all(ids.map((id) => collection.deleteOne({ _id: id })));
  }
  await notificationCountersCollection(db).deleteOne({ _id: userId });
}
