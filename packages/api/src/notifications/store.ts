import {
  deleteNotificationsOf,
  findNotificationCounter,
  findNotifications,
  insertNotification,
  isLiveNotification,
  notificationId,
  parseNotificationId,
  saveNotificationCounter,
  setNotificationRead,
  tombstoneNotification,
  withNotificationsLock,
  type NotificationCounterDoc,
  type NotificationDoc,
  type NotificationsLock,
  type ObjectId,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics, type NotificationEvent, type NotificationView, type UserEvent } from '../events';
import { toNotificationView, unreadCountOf } from './view';

/*
 * A student's notifications and their counter are written under their notifications lock
 * (`withNotificationsLock`): FerretDB's updates are unisolated. Taken inside an assessment's lock
 * (reminders), never around one.
 */

/** Publishes to the student's stream; a failed publish is logged, never fatal (the list has it). */
async function publishToUser(deps: ApiDeps, userId: ObjectId, event: UserEvent): Promise<void> {
  try {
    await deps.bus.publish(topics.user(userId.toHexString()), event);
  } catch (error) {
    deps.logger.error({ err: error, userId: userId.toHexString(), event: event.type }, 'Could not publish to student');
  }
}

export async function publishUnreadCount(deps: ApiDeps, userId: ObjectId): Promise<void> {
  const counter = await findNotificationCounter(deps.db, userId);
  await publishToUser(deps, userId, { type: 'notificationsChanged', unreadCount: unreadCountOf(counter) });
}

export type NewNotification = Omit<NotificationDoc, '_id' | 'userId' | 'seq' | 'readAt'>;

/**
 * Stores a notification under the student's next number and pushes it live. `claim(id)` runs
 * before the insert, under the same lock, so a caller can record which id it is about to use
 * (a reminder does, to find it again if this process dies half-way).
 */
export async function createNotification(
  deps: ApiDeps,
  userId: ObjectId,
  content: NewNotification,
  claim?: (id: string) => Promise<void>,
): Promise<NotificationDoc> {
  const { doc, counter } = await withNotificationsLock(deps.db, userId, async (lock) => {
    const current = await findNotificationCounter(deps.db, userId);
    // A number taken without the counter knowing (a crash between the two writes) is skipped.
    for (let seq = current.seq + 1; ; seq += 1) {
      const candidate: NotificationDoc = { ...content, _id: notificationId(userId, seq), userId, seq, readAt: null };
      await claim?.(candidate._id);
      if (!(await insertNotification(deps.db, candidate))) continue;
      const next: NotificationCounterDoc = {
        ...current,
        seq,
        unread: seq > current.readThrough ? current.unread + 1 : current.unread,
      };
      await saveNotificationCounter(lock, next);
      return { doc: candidate, counter: next };
    }
  });
  await publishToUser(deps, userId, {
    type: 'notification',
    notification: toNotificationView(doc, counter),
    unreadCount: unreadCountOf(counter),
  });
  return doc;
}

export interface NotificationPage {
  items: NotificationView[];
  /** Pass as `cursor` for older ones; null when there are none. */
  nextCursor: string | null;
  unreadCount: number;
}

/** Point reads walk back at most this many batches per page, so a long run of deleted ones stays cheap. */
const MAX_BATCHES_PER_PAGE = 5;

/** Newest first, `limit` at a time, by walking the student's numbers downwards. */
export async function listNotifications(
  deps: ApiDeps,
  userId: ObjectId,
  cursor: number | null,
  limit: number,
): Promise<NotificationPage> {
  const counter = await findNotificationCounter(deps.db, userId);
  const items: NotificationView[] = [];
  // `next` is the highest number not yet looked at.
  let next = Math.min(cursor === null ? Infinity : cursor - 1, counter.seq);
  for (let batch = 0; batch < MAX_BATCHES_PER_PAGE && next >= 1 && items.length < limit; batch += 1) {
    const seqs = Array.from({ length: Math.min(limit, next) }, (_, i) => next - i);
    const docs = await findNotifications(
      deps.db,
      seqs.map((seq) => notificationId(userId, seq)),
    );
    for (const [index, doc] of docs.entries()) {
      next = (seqs[index] ?? 1) - 1;
      if (isLiveNotification(doc)) items.push(toNotificationView(doc, counter));
      if (items.length === limit) break;
    }
  }
  return { items, nextCursor: next >= 1 ? String(next + 1) : null, unreadCount: unreadCountOf(counter) };
}

/** The id of the student's latest notification (`…:0000000000` before the first): a stream's starting point. */
export async function latestNotificationId(deps: ApiDeps, userId: ObjectId): Promise<string> {
  return notificationId(userId, (await findNotificationCounter(deps.db, userId)).seq);
}

export function isOwnNotificationId(userId: ObjectId, id: string): boolean {
  return parseNotificationId(id)?.userHex === userId.toHexString();
}

/**
 * What a reconnecting stream missed after `lastEventId` (oldest first), as the events it
 * would have received. At most the latest `max`; a client further behind refetches the list.
 */
export async function missedNotifications(
  deps: ApiDeps,
  userId: ObjectId,
  lastEventId: string,
  max = 100,
): Promise<NotificationEvent[]> {
  const parsed = parseNotificationId(lastEventId);
  if (!parsed || parsed.userHex !== userId.toHexString()) return [];
  const counter = await findNotificationCounter(deps.db, userId);
  const from = Math.max(parsed.seq + 1, counter.seq - max + 1);
  if (from > counter.seq) return [];
  const seqs = Array.from({ length: counter.seq - from + 1 }, (_, i) => from + i);
  const docs = await findNotifications(
    deps.db,
    seqs.map((seq) => notificationId(userId, seq)),
  );
  const unreadCount = unreadCountOf(counter);
  return docs.filter(isLiveNotification).map((doc) => ({
    type: 'notification',
    notification: toNotificationView(doc, counter),
    unreadCount,
  }));
}

/** Runs `task` on one of the student's own, live notifications under their lock; null when there is none. */
async function withOwnNotification<T>(
  deps: ApiDeps,
  userId: ObjectId,
  id: string,
  task: (doc: NotificationDoc, counter: NotificationCounterDoc, lock: NotificationsLock) => Promise<T>,
): Promise<T | null> {
  if (!isOwnNotificationId(userId, id)) return null;
  const [found] = await findNotifications(deps.db, [id]);
  if (!isLiveNotification(found)) return null;
  return withNotificationsLock(deps.db, userId, async (lock) => {
    const [doc] = await findNotifications(deps.db, [id]);
    if (!isLiveNotification(doc)) return null;
    return task(doc, await findNotificationCounter(deps.db, userId), lock);
  });
}

const isUnread = (doc: NotificationDoc, counter: NotificationCounterDoc) =>
  doc.readAt === null && doc.seq > counter.readThrough;

/** Marks one read; false when the student has no such notification. Repeats are no-ops. */
export async function markOneRead(deps: ApiDeps, userId: ObjectId, id: string): Promise<boolean> {
  const changed = await withOwnNotification(deps, userId, id, async (doc, counter, lock) => {
    if (doc.readAt !== null) return false;
    await setNotificationRead(lock, id, deps.now());
    if (isUnread(doc, counter))
      await saveNotificationCounter(lock, { ...counter, unread: Math.max(0, counter.unread - 1) });
    return true;
  });
  if (changed) await publishUnreadCount(deps, userId);
  return changed !== null;
}

/** Everything up to the latest number counts as read: one write, however many there are. */
export async function markAllRead(deps: ApiDeps, userId: ObjectId): Promise<void> {
  await withNotificationsLock(deps.db, userId, async (lock) => {
    const counter = await findNotificationCounter(deps.db, userId);
    if (counter.seq === 0) return;
    await saveNotificationCounter(lock, { ...counter, readThrough: counter.seq, unread: 0 });
  });
  await publishUnreadCount(deps, userId);
}

/** Deletes one, leaving a tombstone; false when the student has no such notification. */
export async function removeNotification(deps: ApiDeps, userId: ObjectId, id: string): Promise<boolean> {
  const removed = await withOwnNotification(deps, userId, id, async (doc, counter, lock) => {
    await tombstone(deps, lock, doc, counter);
    return true;
  });
  if (removed) await publishUnreadCount(deps, userId);
  return removed !== null;
}

/** Replaces a live notification by a tombstone that keeps its number (and reminder) taken. */
async function tombstone(
  deps: ApiDeps,
  lock: NotificationsLock,
  doc: NotificationDoc,
  counter: NotificationCounterDoc,
): Promise<void> {
  const { _id, userId, seq, reminderKey } = doc;
  await tombstoneNotification(lock, { _id, userId, seq, deleted: true, reminderKey, deletedAt: deps.now() });
  if (isUnread(doc, counter))
    await saveNotificationCounter(lock, { ...counter, unread: Math.max(0, counter.unread - 1) });
}

/** Removes the notification a reminder produced (its assessment was deleted); whether a live one went. */
export async function removeReminderNotification(
  deps: ApiDeps,
  userId: ObjectId,
  id: string,
  reminderKey: string,
): Promise<boolean> {
  return withNotificationsLock(deps.db, userId, async (lock) => {
    const [previous] = await findNotifications(deps.db, [id]);
    // Not written (its sender died first), gone already, or the number went to another one.
    if (!isLiveNotification(previous) || previous.reminderKey !== reminderKey) return false;
    await tombstone(deps, lock, previous, await findNotificationCounter(deps.db, userId));
    return true;
  });
}

/** Every notification of the student and its counter (their account is being deleted). */
export function deleteAllNotifications(deps: ApiDeps, userId: ObjectId): Promise<void> {
  return withNotificationsLock(deps.db, userId, (lock) => deleteNotificationsOf(lock));
}
