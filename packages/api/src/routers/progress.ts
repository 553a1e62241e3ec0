import { findProgress, findStudyStats } from '@studysync/db';
import { summarizeStats } from '../progress/store';
import { toProgressView } from '../progress/view';
import { protectedProcedure, router } from '../trpc';

export const progressRouter = router({
  /**
   * The signed-in student's stats, streaks, weekly goal, achievements and the 12-week chart.
   * One point read in a small table (their progress document; their user document came with
   * the request), no writes: streaks are computed from the minutes-per-day map in their time
   * zone, and the week's minutes are their weekly-board entry, so both pages agree (`WEEK_RULE`). A student with counters from before progress kept its copy is read
   * from the counters themselves until their next session or check-in copies them.
   */
  overview: protectedProcedure.query(async ({ ctx }) => {
    const userId = ctx.user._id.toHexString();
    const progress = await findProgress(ctx.deps.db, userId);
    if (progress)
      return toProgressView(ctx.user, progress.stats, progress.achievements, ctx.deps.now(), progress.boards.week);
    return toProgressView(ctx.user, summarizeStats(await findStudyStats(ctx.deps.db, userId)), null, ctx.deps.now());
  }),
});
