import {
  BOARD_SHARDS,
  BOARD_TOP_CAPACITY,
  boardMembersId,
  boardRangeId,
  boardRangeOf,
  boardShardOf,
  emptyBoard,
  type BoardDoc,
  type BoardMembersDoc,
  type BoardRangeDoc,
  type BoardSlot,
  type BoardTopItem,
} from '@studysync/db';

/**
 * The leaderboard's maintained structure (see packages/db/src/leaderboard.ts for the
 * documents), independent of where the documents live, so it runs the same on the database
 * and on an in-memory model in tests.
 *
 * Invariant: a board's top list is exactly the best `top.length` visible students, in order,
 * and holds min(BOARD_TOP_CAPACITY, visible) of them once a change is done. Within a period a
 * student's figures only grow, so someone outside the list gets in only by beating its last;
 * when someone leaves (hides), the list is refilled from the member documents, best first.
 */

/** A student as ranked: most minutes, then most completed sessions, then first to get there. */
export interface Ranked {
  userId: string;
  minutes: number;
  completed: number;
  reachedAt: Date;
}

/** Negative when `a` ranks before `b`. Ties fall back to the user id, so the order is total. */
export function compareRanked(a: Ranked, b: Ranked): number {
  return (
    b.minutes - a.minutes ||
    b.completed - a.completed ||
    a.reachedAt.getTime() - b.reachedAt.getTime() ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}

export const ranksBefore = (a: Ranked, b: Ranked) => compareRanked(a, b) < 0;

/**
 * The one rank rule, on every board and for every student: 1 + how many visible students have
 * more minutes, so equal minutes share a rank (1, 1, 3). `compareRanked` only orders the rows.
 * `top` is a board's top list, best first; `index` a position in it.
 */
export function rankInTop(top: readonly { minutes: number }[], index: number): number {
  const minutes = top[index]?.minutes;
  return top.findIndex((item) => item.minutes === minutes) + 1;
}

/** Where the board's documents are read and written (writes under the kind's lock: see boardStoreUnder). */
export interface BoardStore {
  board(slot: BoardSlot): Promise<BoardDoc | null>;
  range(slot: BoardSlot, range: number): Promise<BoardRangeDoc | null>;
  members(ids: readonly string[]): Promise<(BoardMembersDoc | null)[]>;
  saveBoard(doc: BoardDoc): Promise<void>;
  saveRange(doc: BoardRangeDoc): Promise<void>;
  saveMembers(doc: BoardMembersDoc): Promise<void>;
}

/** What reading a board needs (no lock). */
export type BoardReads = Pick<BoardStore, 'board' | 'range' | 'members'>;

/** A student's figures as the board should show them. */
export interface Standing extends Ranked {
  username: string;
}

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

const countIn = (counts: Record<string, number> | undefined) => sum(Object.values(counts ?? {}));

/** A document of another period is empty for this one. */
const ofPeriod = <T extends { periodId: string }>(doc: T | null | undefined, periodId: string): T | null =>
  doc && doc.periodId === periodId ? doc : null;

/**
 * Moves one student on one board of period `periodId`: off the figure the board counted them
 * at (`from`, null when not listed) and onto `to` (null: off the board, e.g. hidden). Every
 * write sets state, so running it again after a crash, with the same arguments, leaves the
 * same documents. The first move of a new period starts its documents afresh. Returns the
 * board as saved, or null when the board has already moved on to a later period (this move
 * came too late to matter). The caller holds the kind's lock.
 */
export async function moveOnBoard(
  store: BoardStore,
  slot: BoardSlot,
  periodId: string,
  userId: string,
  from: number | null,
  to: Standing | null,
  now: Date,
): Promise<BoardDoc | null> {
  const shard = boardShardOf(userId);
  const fromRange = from === null ? null : boardRangeOf(from);
  const toRange = to === null ? null : boardRangeOf(to.minutes);
  const ranges = [...new Set([fromRange, toRange].filter((range): range is number => range !== null))];
  // Everything this move touches, read at once.
  const [stored, loadedMembers, loadedRanges] = await Promise.all([
    store.board(slot),
    store.members(ranges.map((range) => boardMembersId(slot, range, shard))),
    Promise.all(ranges.map((range) => store.range(slot, range))),
  ]);
  if ([stored, ...loadedMembers, ...loadedRanges].some((doc) => doc && doc.periodId > periodId)) return null;
  const board = ofPeriod(stored, periodId) ?? emptyBoard(slot, periodId, now, stored?.version ?? 0);

  // 1. Membership: out of the old range, into the new one.
  const members = new Map(
    ranges.map((range, index) => [
      range,
      ofPeriod(loadedMembers[index], periodId) ?? {
        _id: boardMembersId(slot, range, shard),
        periodId,
        members: {},
      },
    ]),
  );
  if (fromRange !== null) delete members.get(fromRange)?.members[userId];
  if (toRange !== null && to) {
    const doc = members.get(toRange);
    if (doc) doc.members[userId] = { m: to.minutes, c: to.completed, t: to.reachedAt.getTime(), n: to.username };
  }

  // 2. Counts for this shard, recomputed from its members (never incremented).
  const rangeDocs = ranges.map((range, index): BoardRangeDoc => {
    const doc = ofPeriod(loadedRanges[index], periodId) ?? { _id: boardRangeId(slot, range), periodId, counts: {} };
    const counts: BoardRangeDoc['counts'] = {};
    for (const [figure, shards] of Object.entries(doc.counts)) {
      const others = Object.fromEntries(Object.entries(shards).filter(([key]) => key !== String(shard)));
      if (Object.keys(others).length > 0) counts[figure] = others;
    }
    for (const member of Object.values(members.get(range)?.members ?? {})) {
      const shards = (counts[String(member.m)] ??= {});
      shards[String(shard)] = (shards[String(shard)] ?? 0) + 1;
    }
    const inRange = sum(Object.values(counts).map(countIn));
    if (inRange > 0) board.ranges[String(range)] = inRange;
    else delete board.ranges[String(range)];
    return { ...doc, counts };
  });
  board.visible = countIn(board.ranges);
  await Promise.all([
    ...[...members.values()].map((doc) => store.saveMembers(doc)),
    ...rangeDocs.map((doc) => store.saveRange(doc)),
  ]);

  // 3. The top list.
  const previous = board.top.find((item) => item.userId === userId) ?? null;
  let top = board.top.filter((item) => item.userId !== userId);
  if (to) {
    const item: BoardTopItem = {
      userId,
      username: to.username,
      minutes: to.minutes,
      completed: to.completed,
      reachedAt: to.reachedAt,
    };
    const outside = board.visible - 1 - top.length;
    const last = top.at(-1);
    const qualifies =
      outside <= 0 ||
      // Was listed and did not get worse: still ahead of everyone outside.
      (previous !== null && !ranksBefore(previous, item)) ||
      (last !== undefined && ranksBefore(item, last));
    if (qualifies) top = [...top, item].sort(compareRanked).slice(0, BOARD_TOP_CAPACITY);
  }
  if (top.length < BOARD_TOP_CAPACITY && board.visible > top.length) {
    top = await refill(store, slot, periodId, board, top);
  }

  const saved: BoardDoc = { ...board, top, version: board.version + 1, updatedAt: now };
  await store.saveBoard(saved);
  return saved;
}

/** Tops the list up from the member documents: the best of those outside it, range by range downwards. */
async function refill(
  store: BoardStore,
  slot: BoardSlot,
  periodId: string,
  board: BoardDoc,
  top: BoardTopItem[],
): Promise<BoardTopItem[]> {
  const listed = new Set(top.map((item) => item.userId));
  // Everyone outside ranks after the list's last, so nobody in a higher range is missing.
  const floor = top.at(-1);
  const result = [...top];
  const ranges = Object.keys(board.ranges)
    .map(Number)
    .filter((range) => !floor || range <= boardRangeOf(floor.minutes))
    .sort((a, b) => b - a);
  for (const range of ranges) {
    const shards = await store.members(
      Array.from({ length: BOARD_SHARDS }, (_, shard) => boardMembersId(slot, range, shard)),
    );
    const group: BoardTopItem[] = [];
    for (const doc of shards) {
      for (const [userId, member] of Object.entries(ofPeriod(doc, periodId)?.members ?? {})) {
        if (listed.has(userId)) continue;
        group.push({
          userId,
          username: member.n,
          minutes: member.m,
          completed: member.c,
          reachedAt: new Date(member.t),
        });
      }
    }
    result.push(...group.sort(compareRanked));
    if (result.length >= BOARD_TOP_CAPACITY) return result.slice(0, BOARD_TOP_CAPACITY);
  }
  return result;
}

/**
 * A student's rank on a board (`rankInTop`'s rule: 1 + how many visible students have more
 * minutes). In the top list, from the list; below it, from the counts. Two small point reads:
 * the board (given) and the student's hour range. Null when the board does not count them
 * (hidden, or none).
 */
export async function rankOnBoard(
  store: BoardReads,
  board: BoardDoc | null,
  me: Ranked,
  counted: number | null,
): Promise<number | null> {
  if (!board || counted === null) return null;
  const index = board.top.findIndex((item) => item.userId === me.userId);
  if (index >= 0) return rankInTop(board.top, index);
  const mine = boardRangeOf(counted);
  let ahead = 0;
  for (const [range, count] of Object.entries(board.ranges)) if (Number(range) > mine) ahead += count;
  const doc = ofPeriod(await store.range(board._id, mine), board.periodId);
  for (const [figure, shards] of Object.entries(doc?.counts ?? {}))
    if (Number(figure) > counted) ahead += countIn(shards);
  return ahead + 1;
}
