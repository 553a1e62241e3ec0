import { lobbyCounts } from '../study';
import { protectedProcedure, router } from '../trpc';

export const lobbyRouter = router({
  /** How many students study right now and wait for each length (a few seconds old at most). */
  counts: protectedProcedure.query(({ ctx }) => lobbyCounts(ctx.deps)),
});
