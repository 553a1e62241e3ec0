import type { NotificationCounterDoc, NotificationDoc } from '@studysync/db';

export type NotificationKind = 'stageStarts' | 'stageDueTomorrow' | 'stageOverdue' | 'assessmentDueSoon';

/** A notification as clients see it (JSON-safe: timestamps are ISO strings). */
export interface NotificationView {
  /** `<userId>:<seq>`; also the `tracked()` id on the event stream. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  assessmentId: string | null;
  stageIndex: number | null;
  createdAt: string;
  read: boolean;
}

export function toNotificationView(doc: NotificationDoc, counter: NotificationCounterDoc | null): NotificationView {
  return {
    id: doc._id,
    // Only this API writes notifications, always with one of these kinds.
    kind: doc.kind as NotificationKind,
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
