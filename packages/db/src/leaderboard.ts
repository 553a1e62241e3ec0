import { assertHeldFor, type BoardLock } from './lock-handles';
import type { Collection, Db, Filter, WithoutId } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Leaderboards, kept as small documents found by `_id` in small collections and maintained as
 * sessions end, so a board read never filters or sorts anything large.
 *
 * Small collections, not only small documents, because a stock FerretDB 1.24 (SQLite) scans
 * the table even for a read by `_id` (its `->'$._id'` is not the expression its `_id` index is
 * built on; our build fixes that, see embedded/ferretdb-binary.ts). Each board document is therefore kept under a fixed key per kind of board
 * (`week`, `month`, `all`) and says which period it holds (`periodId`): the first write of a
 * new period starts the document afresh, and readers take a document of another period as
 * empty. Nothing accumulates period after period, and nothing needs cleaning up.
 *
 * Per kind:
 * - `boards` `<kind>`: the period, its top list (best first, visible students only, at most
 *   BOARD_TOP_CAPACITY) and how many visible students have minutes in each hour range;
 * - `boardRanges` `<kind>:r<range>`: for one hour range, how many students have each figure
 *   of minutes, per shard of students (each count recomputed from that shard's members);
 * - `boardMembers` `<kind>:r<range>:s<shard>`: who is in that range (one shard of them),
 *   with their minutes and what ties are broken on.
 *
 * These are written only under the kind's lock (`boardLockKey`). Every write sets state (a
 * member in or out, a count recomputed from its members), never adds to it, so repeating a
 * step after a crash changes nothing. A student's own figures live in their progress
 * document (progress.ts), written under their stats lock, which is taken first.
 */

export type BoardSlot = 'week' | 'month' | 'all';

/** How many students the top list keeps (boards show 50; the rest absorbs students hiding). */
export const BOARD_TOP_CAPACITY = 100;
/** Member documents per hour range: keeps the crowded low ranges' documents small. */
export const BOARD_SHARDS = 8;
/** Minutes per range. */
export const BOARD_RANGE_MINUTES = 60;

export interface BoardTopItem {
  userId: string;
  username: string;
  minutes: number;
  completed: number;
  /** When they reached this many minutes: earlier wins a tie on minutes and completed sessions. */
  reachedAt: Date;
}

export interface BoardDoc {
  _id: BoardSlot;
  /** The period this board is of: `week:2026-W48`, `month:2026-11` or `all`. */
  periodId: string;
  top: BoardTopItem[];
  /** Visible students with minutes in each range: `{ '3': 12 }` is 12 students with 180-239 minutes. */
  ranges: Record<string, number>;
  /** Visible students on the board (the sum of `ranges`). */
  visible: number;
  /** Goes up with every change, also across periods; live streams skip what they have sent. */
  version: number;
  updatedAt: Date;
}

export interface BoardRangeDoc {
  _id: string;
  periodId: string;
  /** minutes → shard → how many of that shard's members have exactly that many minutes. */
  counts: Record<string, Record<string, number>>;
}

/** A member's figures, short keys since the crowded ranges hold many. */
export interface BoardMember {
  /** Minutes. */
  m: number;
  /** Completed sessions. */
  c: number;
  /** reachedAt, epoch ms. */
  t: number;
  /** Username. */
  n: string;
}

export interface BoardMembersDoc {
  _id: string;
  periodId: string;
  members: Record<string, BoardMember>;
}

export const boardsCollection = (db: Db) => db.collection<BoardDoc>('boards');
export const boardRangesCollection = (db: Db) => db.collection<BoardRangeDoc>('boardRanges');
export const boardMembersCollection = (db: Db) => db.collection<BoardMembersDoc>('boardMembers');

export const boardRangeOf = (minutes: number) => Math.floor(minutes / BOARD_RANGE_MINUTES);
export const boardRangeId = (slot: BoardSlot, range: number) => `${slot}:r${range}`;
export const boardMembersId = (slot: BoardSlot, range: number, shard: number) => `${slot}:r${range}:s${shard}`;

/** A student's shard: spread by the end of their (hex) id. */
export function boardShardOf(userId: string): number {
  const tail = Number.parseInt(userId.slice(-4), 16);
  return Number.isNaN(tail) ? 0 : tail % BOARD_SHARDS;
}

export function emptyBoard(slot: BoardSlot, periodId: string, now: Date, version = 0): BoardDoc {
  return { _id: slot, periodId, top: [], ranges: {}, visible: 0, version, updatedAt: now };
}

export function findBoard(db: Db, slot: BoardSlot): Promise<BoardDoc | null> {
  return boardsCollection(db).findOne({ _id: slot });
}

export function findBoardRange(db: Db, slot: BoardSlot, range: number): Promise<BoardRangeDoc | null> {
  return boardRangesCollection(db).findOne({ _id: boardRangeId(slot, range) });
}

/** Point reads of member documents, in the order asked (null where there is none). */
export function findBoardMembers(db: Db, ids: readonly string[]): Promise<(BoardMembersDoc | null)[]> {
  const collection = boardMembersCollection(db);
  return Promise.all(ids.map((id) => collection.findOne({ _id: id })));
}

/**
 * Writes a whole document by `_id`. The caller holds the lock that guards it. A first upsert
 * racing another writer's (a crashed holder's lease broken) can hit the unique `_id`: then it
 * exists, and a plain replace does it.
 */
export async function replaceById<T extends { _id: string }>(collection: Collection<T>, doc: T): Promise<void> {
  // A string `_id` filter; the driver's Filter<T> cannot see through the generic.
  const byId = { _id: doc._id } as Filter<T>;
  const replacement = doc as WithoutId<T>;
  try {
    await collection.replaceOne(byId, replacement, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.replaceOne(byId, replacement);
  }
}

/** A board's documents are written under its slot's lock; their `_id`s start with the slot. */
const ofSlot = (lock: BoardLock, id: string) => assertHeldFor(lock, id === lock.slot || id.startsWith(`${lock.slot}:`));

export async function saveBoard(lock: BoardLock, doc: BoardDoc): Promise<void> {
  ofSlot(lock, doc._id);
  await replaceById(boardsCollection(lock.db), doc);
}
export async function saveBoardRange(lock: BoardLock, doc: BoardRangeDoc): Promise<void> {
  ofSlot(lock, doc._id);
  await replaceById(boardRangesCollection(lock.db), doc);
}
export async function saveBoardMembers(lock: BoardLock, doc: BoardMembersDoc): Promise<void> {
  ofSlot(lock, doc._id);
  await replaceById(boardMembersCollection(lock.db), doc);
}
