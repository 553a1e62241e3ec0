import type { NotificationView } from './view';

/** A new notification for the student; persisted, so the stream yields it with `tracked(id)`. */
export interface NotificationEvent {
  type: 'notification';
  notification: NotificationView;
  unreadCount: number;
}

/** Notifications were read or deleted (maybe in another tab): refresh the list and badge. */
export interface NotificationsChangedEvent {
  type: 'notificationsChanged';
  unreadCount: number;
}
