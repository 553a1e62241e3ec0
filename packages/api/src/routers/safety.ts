import { blockInput, reportInput } from '@studysync/validators';
import { blockStudent, fileReport, listBlocked, unblockStudent } from '../safety';
import { protectedProcedure, router } from '../trpc';

export const safetyRouter = router({
  /** Hides the student's messages from you everywhere and never pairs you with them again. */
  block: protectedProcedure.input(blockInput).mutation(async ({ ctx, input }) => {
    await blockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  unblock: protectedProcedure.input(blockInput).mutation(async ({ ctx, input }) => {
    await unblockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  /** The students you blocked, newest first. */
  blocked: protectedProcedure.query(({ ctx }) => listBlocked(ctx.deps, ctx.user._id.toHexString())),

  /** Reports a message or a member of a room you are (or were) in; a repeat is `duplicate`. */
  report: protectedProcedure.input(reportInput).mutation(({ ctx, input }) => fileReport(ctx.deps, ctx.user, input)),
});
