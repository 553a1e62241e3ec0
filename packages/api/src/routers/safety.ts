import { blockInput, reportInput } from '@studysync/validators';
import { take } from '../limits';
import { blockStudent, fileReport, listBlocked, unblockStudent } from '../safety';
import { protectedProcedure, router } from '../trpc';

/** Reports, blocks and unblocks share one budget per student (limits/rate-limiters.ts). */
const safetyAction = protectedProcedure.use(async ({ ctx, next }) => {
  const { points } = ctx.deps.limiters.settings.safetyActions;
  await take(ctx.deps.limiters.safetyActions, ctx.user._id.toHexString(), () => {
    return `Slow down: at most ${points} reports and blocks every 10 minutes`;
  });
  return next();
});

export const safetyRouter = router({
  /** Hides the student's messages from you everywhere and never pairs you with them again. */
  block: safetyAction.input(blockInput).mutation(async ({ ctx, input }) => {
    await blockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  unblock: safetyAction.input(blockInput).mutation(async ({ ctx, input }) => {
    await unblockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  /** The students you blocked, newest first. */
  blocked: protectedProcedure.query(({ ctx }) => listBlocked(ctx.deps, ctx.user._id.toHexString())),

  /** Reports a message or a member of a room you are (or were) in; a repeat is `duplicate`. */
  report: safetyAction.input(reportInput).mutation(({ ctx, input }) => fileReport(ctx.deps, ctx.user, input)),
});
