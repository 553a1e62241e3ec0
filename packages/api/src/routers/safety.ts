import { blockInput, reportInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { take } from '../limits';
import { blockStudent, fileReport, listBlocked, unblockStudent } from '../safety';
import { protectedProcedure, router } from '../trpc';

/**
 * Reports, blocks and unblocks share one budget per student (limits/rate-limiters.ts); taken
 * once the input is valid, so bad input is refused as such and costs nothing.
 */
async function takeSafetyAction(deps: ApiDeps, userId: string): Promise<void> {
  const { points } = deps.limiters.settings.safetyActions;
  await take(deps.limiters.safetyActions, userId, () => {
    return `Slow down: at most ${points} reports and blocks every 10 minutes`;
  });
}

export const safetyRouter = router({
  /** Hides the student's messages from you everywhere and never pairs you with them again. */
  block: protectedProcedure.input(blockInput).mutation(async ({ ctx, input }) => {
    await takeSafetyAction(ctx.deps, ctx.user._id.toHexString());
    await blockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  unblock: protectedProcedure.input(blockInput).mutation(async ({ ctx, input }) => {
    await takeSafetyAction(ctx.deps, ctx.user._id.toHexString());
    await unblockStudent(ctx.deps, ctx.user, input.userId);
    return { ok: true as const };
  }),

  /** The students you blocked, newest first. */
  blocked: protectedProcedure.query(({ ctx }) => listBlocked(ctx.deps, ctx.user._id.toHexString())),

  /** Reports a message or a member of a room you are (or were) in; a repeat is `duplicate`. */
  report: protectedProcedure.input(reportInput).mutation(async ({ ctx, input }) => {
    await takeSafetyAction(ctx.deps, ctx.user._id.toHexString());
    return fileReport(ctx.deps, ctx.user, input);
  }),
});
