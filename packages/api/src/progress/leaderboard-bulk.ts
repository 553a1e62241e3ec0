import {
  BOARD_TOP_CAPACITY,
  boardMembersId,
  boardRangeId,
  boardRangeOf,
  boardShardOf,
  type BoardDoc,
  type BoardMembersDoc,
  type BoardRangeDoc,
  type BoardSlot,
} from '@studysync/db';
import { compareRanked, type Standing } from './leaderboard-core';

export interface BoardDocuments {
  board: BoardDoc;
  ranges: BoardRangeDoc[];
  members: BoardMembersDoc[];
}

/**
 * A board's documents built in one go from the standings of every visible student with
 * minutes in the period: the same documents the incremental moves (`moveOnBoard`) maintain.
 * For bulk seeding (the benchmark) and for rebuilding a board from students' entries.
 */
export function buildBoardDocuments(
  slot: BoardSlot,
  periodId: string,
  standings: readonly Standing[],
  now: Date,
  version = 1,
): BoardDocuments {
  const listed = standings.filter((standing) => standing.minutes > 0);
  const members = new Map<string, BoardMembersDoc>();
  const ranges = new Map<number, BoardRangeDoc>();
  const board: BoardDoc = {
    _id: slot,
    periodId,
    top: [...listed]
      .sort(compareRanked)
      .slice(0, BOARD_TOP_CAPACITY)
      .map(({ userId, username, minutes, completed, reachedAt }) => ({
        userId,
        username,
        minutes,
        completed,
        reachedAt,
      })),
    ranges: {},
    visible: listed.length,
    version,
    updatedAt: now,
  };
  for (const standing of listed) {
    const shard = boardShardOf(standing.userId);
    const range = boardRangeOf(standing.minutes);
    const id = boardMembersId(slot, range, shard);
    const doc = members.get(id) ?? { _id: id, periodId, members: {} };
    doc.members[standing.userId] = {
      m: standing.minutes,
      c: standing.completed,
      t: standing.reachedAt.getTime(),
      n: standing.username,
    };
    members.set(id, doc);

    const rangeDoc = ranges.get(range) ?? { _id: boardRangeId(slot, range), periodId, counts: {} };
    const shards = (rangeDoc.counts[String(standing.minutes)] ??= {});
    shards[String(shard)] = (shards[String(shard)] ?? 0) + 1;
    ranges.set(range, rangeDoc);
    board.ranges[String(range)] = (board.ranges[String(range)] ?? 0) + 1;
  }
  return { board, ranges: [...ranges.values()], members: [...members.values()] };
}
