import { TRPCError } from '@trpc/server';
import { updateUserSettings } from '@studysync/db';
import { updateSettingsInput } from '@studysync/validators';
import { z } from 'zod';
import { topics } from '../events/bus';
import { listen } from '../events/queue';
import type { RealtimeEvent } from '../events/types';
import { toPublicUser } from '../public-user';
import { protectedProcedure, router } from '../trpc';

export const accountRouter = router({
  updateSettings: protectedProcedure.input(updateSettingsInput).mutation(async ({ ctx, input }) => {
    const updated = await updateUserSettings(ctx.deps.db, ctx.user._id, input);
    if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'Account not found' });
    return toPublicUser(updated);
  }),

  /**
   * The signed-in student's one personal stream: everything addressed to them
   * (matches, notifications, achievements) arrives here, so a tab needs one subscription.
   */
  events: protectedProcedure
    .input(z.object({ lastEventId: z.string().max(64).nullish() }).optional())
    .subscription(async function* ({ ctx, signal }) {
      const queue = listen<RealtimeEvent>(
        (topic, listener) => ctx.deps.bus.subscribe(topic, listener),
        [topics.user(ctx.user._id.toHexString())],
        signal,
      );
      try {
        yield { type: 'hello', serverTime: ctx.deps.now().toISOString() } satisfies RealtimeEvent;
        for await (const event of queue) yield event;
      } finally {
        queue.close();
      }
    }),
});
