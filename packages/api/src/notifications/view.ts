import type { NotificationCounterDoc, NotificationDoc } from '@studysync/db';
import type { NotificationView } from '../events';

export function toNotificationView(doc: NotificationDoc, counter: NotificationCounterDoc | null): NotificationView {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    assessmentId: doc.assessmentId?.toHexString() ?? null,
    stageIndex: doc.stageIndex,
    createdAt: doc.createdAt.toISOString(),
    // "Mark all read" moves the counter's watermark instead of touching each notification.
    read: doc.readAt !== null || doc.seq <= (counter?.readThrough ?? 0),
  };
}

export function unreadCountOf(counter: NotificationCounterDoc | null): number {
  return Math.max(0, counter?.unread ?? 0);
}
