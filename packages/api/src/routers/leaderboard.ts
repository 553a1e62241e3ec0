import { tracked } from '@trpc/server';
import { findBoard } from '@studysync/db';
import { boardInput, boardLiveInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { listen, signInOf, topics } from '../events';
import {
  periodFields,
  periodOf,
  readBoard,
  toBoardRows,
  type BoardLiveView,
  type BoardRowView,
  type Period,
} from '../progress';
import { protectedProcedure, router } from '../trpc';

/** Longest wait before checking the calendar again (timers cannot wait a month). */
const MAX_ROLLOVER_WAIT_MS = 60 * 60 * 1000;

function liveView(period: Period, version: number, ranked: number, top: BoardRowView[]): BoardLiveView {
  return { type: 'board', ...periodFields(period), version, ranked, top };
}

/** Resolves when the period may have ended (by the injected clock), for boards that end. */
function rolloverCheck(deps: ApiDeps, period: Period): { promise: Promise<'rollover'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'rollover'>((resolve) => {
    if (!period.endsAt) return;
    const wait = Math.min(Math.max(period.endsAt.getTime() - deps.now().getTime(), 10), MAX_ROLLOVER_WAIT_MS);
    timer = setTimeout(() => resolve('rollover'), wait);
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export const leaderboardRouter = router({
  /** A board's top 50 (medals for the first three) and the student's own standing, however far down. */
  get: protectedProcedure.input(boardInput).query(({ ctx, input }) => readBoard(ctx.deps, input.board, ctx.user)),

  /**
   * The board's top list, live: first as it is now, then again each time a session ending
   * changes it (pushed, no polling), and a fresh, empty one when the period rolls over.
   * Every item is `tracked` by `<periodId>:<version>`; a reconnecting client starts again
   * from the current board. Clients refetch `leaderboard.get` for their own rank.
   */
  live: protectedProcedure.input(boardLiveInput).subscription(async function* ({ ctx, input, signal }) {
    const { deps } = ctx;
    while (!signal?.aborted) {
      const period = periodOf(input.board, deps.now());
      // Listen first, so a change between the read and the stream is not missed.
      const queue = await listen(deps.bus, [topics.board(period.id)], signal, signInOf(ctx));
      let rollover = rolloverCheck(deps, period);
      try {
        const stored = await findBoard(deps.db, input.board);
        // A board still holding an earlier period has nobody on it yet in this one.
        const board = stored?.periodId === period.id ? stored : null;
        let version = stored?.version ?? 0;
        yield tracked(`${period.id}:${version}`, liveView(period, version, board?.visible ?? 0, toBoardRows(board)));
        let pending = queue.next();
        for (;;) {
          const next = await Promise.race([pending, rollover.promise]);
          if (next === 'rollover') {
            if (periodOf(input.board, deps.now()).id !== period.id) break; // a new period: start over
            rollover = rolloverCheck(deps, period); // woken early (long periods are checked hourly)
            continue;
          }
          if (next.done) return;
          pending = queue.next();
          const event = next.value;
          // Two servers can publish out of order: an older version says nothing new.
          if (event.version <= version) continue;
          version = event.version;
          yield tracked(`${period.id}:${version}`, liveView(period, version, event.ranked, event.top));
        }
      } finally {
        rollover.cancel();
        queue.close();
      }
    }
  }),
});
