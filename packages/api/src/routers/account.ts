import { TRPCError, tracked } from '@trpc/server';
import { updateSettingsInput } from '@studysync/validators';
import { z } from 'zod';
import { isSignedOut, listen, signInOf, topics, type UserEvent } from '../events';
import { isOwnNotificationId, latestNotificationId, missedNotifications } from '../notifications';
import { saveSettings } from '../progress';
import { toPublicUser } from '../public-user';
import { protectedProcedure, router } from '../trpc';
import { accountManageProcedures } from './account-manage';

export const accountRouter = router({
  ...accountManageProcedures,

  updateSettings: protectedProcedure.input(updateSettingsInput).mutation(async ({ ctx, input }) => {
    // Leaderboard visibility also moves the student on the current boards (progress/settings.ts).
    const updated = await saveSettings(ctx.deps, ctx.user, input);
    if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'Account not found' });
    return toPublicUser(updated);
  }),

  /**
   * The signed-in student's one personal stream: everything addressed to them
   * (matches, notifications, achievements) arrives here, so a tab needs one subscription.
   *
   * Every event is yielded with `tracked(id)`, the id being the resume point: the id of the
   * latest notification this stream has delivered (notifications are the persisted events).
   * All of them, because the client keeps the id of the last event it got, untracked ones
   * included (which would clear it). A client reconnecting with `lastEventId` first gets the
   * notifications it missed, then the live ones, without duplicates. Clients receive
   * `{ id, data: UserEvent }`.
   */
  events: protectedProcedure
    .input(z.object({ lastEventId: z.string().max(64).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const queue = await listen(ctx.deps.bus, [topics.user(ctx.user._id.toHexString())], signal, signInOf(ctx));
      let cursor = '';
      try {
        const userId = ctx.user._id;
        // Only our own notification ids resume the stream; anything else starts it afresh.
        const resumeFrom =
          input?.lastEventId && isOwnNotificationId(userId, input.lastEventId) ? input.lastEventId : null;
        cursor = resumeFrom ?? (await latestNotificationId(ctx.deps, userId));
        let seenThrough = resumeFrom ?? '';
        yield tracked(cursor, { type: 'hello', serverTime: ctx.deps.now().toISOString() } satisfies UserEvent);
        // Listening already (above), so nothing published from here on is lost: backfill, then stream.
        if (resumeFrom) {
          for (const event of await missedNotifications(ctx.deps, userId, resumeFrom)) {
            cursor = seenThrough = event.notification.id;
            yield tracked(cursor, event);
          }
        }
        for await (const event of queue) {
          if (event.type === 'notification') {
            // Ids sort in delivery order; one at or below what was backfilled was already sent.
            if (event.notification.id <= seenThrough) continue;
            if (event.notification.id > cursor) cursor = event.notification.id;
          }
          yield tracked(cursor, event);
        }
      } catch (error) {
        // The sign-in ended (here or on another replica): say so, so every tab signs out.
        if (!isSignedOut(error)) throw error;
        yield tracked(cursor, { type: 'signedOut' } satisfies UserEvent);
      } finally {
        queue.close();
      }
    }),
});
