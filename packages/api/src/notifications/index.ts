/** A student's numbered notifications: stored once, counted, pushed live. */
export {
  createNotification,
  deleteAllNotifications,
  isOwnNotificationId,
  latestNotificationId,
  listNotifications,
  markAllRead,
  markOneRead,
  missedNotifications,
  publishUnreadCount,
  removeNotification,
  removeReminderNotification,
  type NewNotification,
  type NotificationPage,
} from './store';
export { toNotificationView, unreadCountOf } from './view';
export type { NotificationEvent, NotificationKind, NotificationsChangedEvent, NotificationView } from '../events';
