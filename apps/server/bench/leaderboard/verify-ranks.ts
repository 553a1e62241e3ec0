/** The reads must be right before they are fast: the weekly board's ranks against a full sort. */
import type { TRPCClient } from '@trpc/client';
import { compareRanked, type AppRouter, type Standing } from '@studysync/api';
import type { Reader } from './readers';
import type { Seeded } from './seed';

export async function verifyRanks(
  seeded: Seeded,
  readers: readonly Reader[],
  clients: readonly TRPCClient<AppRouter>[],
): Promise<void> {
  const truth = [...seeded.weekStandings].sort(compareRanked);
  const position = new Map(truth.map((standing, index) => [standing.userId, index + 1]));
  let below = 0;
  let approximate = 0;
  for (const [index, reader] of readers.entries()) {
    const board = await (clients[index] as TRPCClient<AppRouter>).leaderboard.get.query({ board: 'week' });
    const userId = reader.user._id.toHexString();
    const exact = seeded.hidden.has(userId) ? null : (position.get(userId) ?? null);
    if (
      index === 0 &&
      board.top.map((row) => row.userId).join() !==
        truth
          .slice(0, 50)
          .map((s) => s.userId)
          .join()
    ) {
      throw new Error('The top 50 differ from a full sort');
    }
    if (exact === null || exact <= 100) {
      if (board.me.rank !== exact) throw new Error(`Rank of ${userId}: got ${board.me.rank}, expected ${exact}`);
      continue;
    }
    // Below the top list: everyone with more minutes, and the listed with as many, are ahead.
    const me = truth[exact - 1] as Standing;
    const more = truth.findIndex((standing) => standing.minutes === me.minutes);
    const listedTies = truth.slice(0, 100).filter((standing) => standing.minutes === me.minutes).length;
    if (board.me.rank !== more + listedTies + 1) {
      throw new Error(`Rank of ${userId}: got ${board.me.rank}, expected ${more + listedTies + 1} (exactly ${exact})`);
    }
    below += 1;
    if (board.me.rank !== exact) approximate += 1;
  }
  console.log(
    `Checked: the weekly top 50 and ${readers.length} readers' ranks against a full sort of ${truth.length} ranked students ` +
      `(${below} readers below the top 100; ${approximate} of them share their tie group's rank).`,
  );
}
