import { TRPCError } from '@trpc/server';
import { findNotificationCounter } from '@studysync/db';
import { listNotificationsInput, notificationIdInput } from '@studysync/validators';
import {
  listNotifications,
  markAllRead,
  markOneRead,
  publishUnreadCount,
  removeNotification,
} from '../notifications/store';
import { unreadCountOf } from '../notifications/view';
import { protectedProcedure, router } from '../trpc';

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'Notification not found' });

/**
 * The student's notifications. New ones arrive live on `account.events`; these read and
 * tidy them. Another student's ids answer NOT_FOUND.
 */
export const notificationsRouter = router({
  /** Newest first; pass `nextCursor` back as `cursor` for older ones. */
  list: protectedProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) =>
      listNotifications(ctx.deps, ctx.user._id, input.cursor ? Number(input.cursor) : null, input.limit),
    ),

  unreadCount: protectedProcedure.query(async ({ ctx }) =>
    unreadCountOf(await findNotificationCounter(ctx.deps.db, ctx.user._id)),
  ),

  markRead: protectedProcedure.input(notificationIdInput).mutation(async ({ ctx, input }) => {
    if (!(await markOneRead(ctx.deps, ctx.user._id, input.id))) throw notFound();
    return { ok: true as const };
  }),

  markAllRead: protectedProcedure.mutation(async ({ ctx }) => {
    await markAllRead(ctx.deps, ctx.user._id);
    return { ok: true as const };
  }),

  delete: protectedProcedure.input(notificationIdInput).mutation(async ({ ctx, input }) => {
    if (!(await removeNotification(ctx.deps, ctx.user._id, input.id))) throw notFound();
    await publishUnreadCount(ctx.deps, ctx.user._id);
    return { ok: true as const };
  }),
});
