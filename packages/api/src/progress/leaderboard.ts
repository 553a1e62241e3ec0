import {
  findBoard,
  findBoardMembers,
  findBoardRange,
  saveBoard,
  saveBoardMembers,
  saveBoardRange,
  withBoardLock,
  type BoardDoc,
  type BoardLock,
  type BoardEntry,
  type BoardSlot,
  type Db,
  type ProgressDoc,
  type UserDoc,
} from '@studysync/db';
import type { BoardKind } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { periodOf } from './calendar';
import { moveOnBoard, rankOnBoard, type BoardReads, type BoardStore } from './leaderboard-core';
import { periodFields, toBoardChangedEvent, toBoardRows, type BoardView } from './leaderboard-view';
import { findProgressOrNull } from './store';

function boardReads(db: Db): BoardReads {
  return {
    board: (slot) => findBoard(db, slot),
    range: (slot, range) => findBoardRange(db, slot, range),
    members: (ids) => findBoardMembers(db, ids),
  };
}

/** The boards' documents as one slot's lock lets them be written. */
function boardStoreUnder(lock: BoardLock): BoardStore {
  return {
    ...boardReads(lock.db),
    saveBoard: (doc) => saveBoard(lock, doc),
    saveRange: (doc) => saveBoardRange(lock, doc),
    saveMembers: (doc) => saveBoardMembers(lock, doc),
  };
}

export const BOARD_SLOTS: readonly BoardSlot[] = ['week', 'month', 'all'];

/**
 * Makes every move the student's entries record (`moving`) on its board, each under its
 * board's lock (the three in parallel), and notes where each board now counts them. A move
 * made already is made again to the same state; one whose board has moved on to a later
 * period counts them nowhere. Changes `doc` in memory; the caller saves it. The caller holds
 * the student's stats lock.
 */
export async function settleMoves(deps: ApiDeps, doc: ProgressDoc, changed: BoardDoc[]): Promise<boolean> {
  const pending = BOARD_SLOTS.filter((slot) => doc.boards[slot]?.moving);
  await Promise.all(
    pending.map(async (slot) => {
      const entry = doc.boards[slot];
      if (!entry?.moving) return;
      const { from, to } = entry.moving;
      let counted: number | null = null;
      if (from !== null || to !== null) {
        const standing =
          to === null || !entry.reachedAt
            ? null
            : {
                userId: doc._id,
                username: doc.username,
                minutes: to,
                completed: entry.completed,
                reachedAt: entry.reachedAt,
              };
        const board = await withBoardLock(deps.db, slot, (lock) =>
          moveOnBoard(boardStoreUnder(lock), slot, entry.periodId, doc._id, from, standing, deps.now()),
        );
        if (board) {
          changed.push(board);
          counted = to;
        }
      }
      doc.boards[slot] = { ...entry, counted, moving: null };
    }),
  );
  return pending.length > 0;
}

export interface BoardCredit {
  sessionId: string;
  minutes: number;
  completed: boolean;
  endedAt: Date;
}

/**
 * Adds an ended session to the student's entries for the periods its end falls in (this
 * week, month, all time), each once (its own applied-sessions guard), and records the moves
 * on those boards for `settleMoves` to make. A session of a period older than the entry's
 * (a late wrap-up after the calendar moved on) leaves that board alone. Changes `doc` in
 * memory; returns whether anything changed.
 */
export function creditEntries(doc: ProgressDoc, credit: BoardCredit): boolean {
  if (credit.minutes <= 0) return false;
  let changed = false;
  for (const slot of BOARD_SLOTS) {
    const period = periodOf(slot, credit.endedAt);
    const current = doc.boards[slot];
    if (current && current.periodId > period.id) continue;
    const entry: BoardEntry =
      current && current.periodId === period.id
        ? current
        : // A new period: the old one's board is over; this one starts from nothing.
          { periodId: period.id, minutes: 0, completed: 0, reachedAt: null, applied: [], counted: null, moving: null };
    if (entry.applied.includes(credit.sessionId)) continue;
    const minutes = entry.minutes + credit.minutes;
    doc.boards[slot] = {
      ...entry,
      minutes,
      completed: entry.completed + (credit.completed ? 1 : 0),
      reachedAt: entry.reachedAt && entry.reachedAt > credit.endedAt ? entry.reachedAt : credit.endedAt,
      applied: [...entry.applied, credit.sessionId].slice(-APPLIED_KEPT),
      moving: { from: entry.counted, to: doc.hidden ? null : minutes },
    };
    changed = true;
  }
  return changed;
}

/** How many applied session ids an entry remembers (a re-run after a crash comes within seconds). */
const APPLIED_KEPT = 8;

/**
 * Records the moves that put the student on (or take them off) the current boards, after
 * their visibility changed. Entries of past periods are left: their boards are over.
 */
export function recordVisibility(doc: ProgressDoc, now: Date): boolean {
  let changed = false;
  for (const slot of BOARD_SLOTS) {
    const entry = doc.boards[slot];
    if (!entry || entry.periodId !== periodOf(slot, now).id) continue;
    const target = !doc.hidden && entry.minutes > 0 ? entry.minutes : null;
    if (target === entry.counted) continue;
    doc.boards[slot] = { ...entry, moving: { from: entry.counted, to: target } };
    changed = true;
  }
  return changed;
}

/** Tells everyone watching these boards; a failed publish is logged (readers still see the change). */
export async function publishBoards(deps: ApiDeps, boards: readonly BoardDoc[]): Promise<void> {
  // Several moves on one board in a row: the last version says it all.
  const latest = new Map<string, BoardDoc>();
  for (const board of boards) {
    const seen = latest.get(board.periodId);
    if (!seen || seen.version < board.version) latest.set(board.periodId, board);
  }
  for (const board of latest.values()) {
    try {
      await deps.bus.publish(topics.board(board.periodId), toBoardChangedEvent(board));
    } catch (error) {
      deps.logger.error({ err: error, periodId: board.periodId }, 'Could not publish a board change');
    }
  }
}

/**
 * A board as the signed-in student sees it: the top 50 and their own standing. Point reads
 * of small collections only: the board, the student's progress document and (outside the
 * top list) their hour range. Never writes.
 */
export async function readBoard(deps: ApiDeps, kind: BoardKind, user: UserDoc): Promise<BoardView> {
  const now = deps.now();
  const period = periodOf(kind, now);
  const userId = user._id.toHexString();
  const [stored, progress] = await Promise.all([findBoard(deps.db, kind), findProgressOrNull(deps, userId)]);
  // A board still holding an earlier period has nobody on it yet in this one.
  const board = stored?.periodId === period.id ? stored : null;
  const found = progress?.boards[kind];
  const entry = found?.periodId === period.id ? found : null;
  const rank =
    entry?.reachedAt && board
      ? await rankOnBoard(
          boardReads(deps.db),
          board,
          { userId, minutes: entry.minutes, completed: entry.completed, reachedAt: entry.reachedAt },
          entry.counted,
        )
      : null;
  return {
    ...periodFields(period),
    version: stored?.version ?? 0,
    ranked: board?.visible ?? 0,
    top: toBoardRows(board),
    me: {
      rank,
      minutes: entry?.minutes ?? 0,
      completedSessions: entry?.completed ?? 0,
      hidden: user.hideFromLeaderboard ?? false,
    },
    serverTime: now.toISOString(),
  };
}
