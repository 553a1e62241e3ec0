import { useQuery, useQueryClient } from '@tanstack/vue-query';
import { computed, ref } from 'vue';
import { trpcKeys, useTrpcOptions, type QueryOutput } from './query';
import { onUserEvent } from './userEvents';

export type NotificationItem = QueryOutput<'notifications.list'>['items'][number];

/** How many the menu shows per page. */
export const NOTIFICATION_PAGE = 10;

/**
 * The student's notifications for the header menu: the unread count (kept live from the
 * shared `account.events` stream, so every tab's badge follows) and the newest page.
 * Must be used inside the signed-in shell.
 */
export function useNotifications() {
  const queryClient = useQueryClient();
  const trpc = useTrpcOptions();
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  const firstPage = useQuery(trpc.notifications.list.queryOptions({ limit: NOTIFICATION_PAGE }));
  /** The latest one to arrive live, for a polite announcement. */
  const latest = ref<NotificationItem | null>(null);

  onUserEvent('notification', (event) => {
    queryClient.setQueryData(trpcKeys.notifications.unreadCount.queryKey(), event.unreadCount);
    const page = queryClient.getQueryData(trpcKeys.notifications.list.queryKey({ limit: NOTIFICATION_PAGE }));
    // A reconnecting stream may replay one we have: keep each once.
    if (page && !page.items.some((item) => item.id === event.notification.id)) {
      queryClient.setQueryData(trpcKeys.notifications.list.queryKey({ limit: NOTIFICATION_PAGE }), {
        ...page,
        items: [event.notification, ...page.items],
        unreadCount: event.unreadCount,
      });
    }
    latest.value = event.notification;
    // A reminder may be about a stage the planner page shows.
    void queryClient.invalidateQueries(trpcKeys.planner.list.pathFilter());
  });
  onUserEvent('notificationsChanged', (event) => {
    queryClient.setQueryData(trpcKeys.notifications.unreadCount.queryKey(), event.unreadCount);
    void queryClient.invalidateQueries(trpcKeys.notifications.list.pathFilter());
  });

  return {
    unreadCount: computed(() => unread.data.value ?? 0),
    firstPage,
    latest,
  };
}
