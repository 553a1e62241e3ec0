import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * A student's one live (waiting or active) session: `_id` = user id, so "never waiting twice,
 * never in two sessions" is the unique `_id`. `sessionId` is null for a moment while matching.
 */
export interface LiveSeatDoc {
  _id: string;
  sessionId: ObjectId | null;
  /** Set when the live thing is a group room (then `sessionId` stays null). */
  roomId?: ObjectId;
  since: Date;
}

export const liveSeatsCollection = (db: Db) => db.collection<LiveSeatDoc>('liveSeats');

export function findLiveSeat(db: Db, userId: string): Promise<LiveSeatDoc | null> {
  return liveSeatsCollection(db).findOne({ _id: userId });
}

/** Claims the student's live seat (for a group room when `roomId` is given); false when they already have one. */
export async function claimLiveSeat(db: Db, userId: string, now: Date, roomId?: ObjectId): Promise<boolean> {
  try {
    await liveSeatsCollection(db).insertOne({
      _id: userId,
      sessionId: null,
      since: now,
      ...(roomId ? { roomId } : {}),
    });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export async function pointLiveSeat(db: Db, userId: string, sessionId: ObjectId): Promise<void> {
  await liveSeatsCollection(db).updateOne({ _id: userId }, { $set: { sessionId } });
}

/**
 * Frees the seat if it still belongs to `sessionId` (null: a seat claimed but never pointed).
 * Read and deleted by `_id` alone: a second key would make FerretDB scan every live seat, and
 * its delete is a read-then-delete by `_id` anyway. Each session's seats are released by whoever
 * holds that session's claim or lock, so nobody frees a seat the student took again since.
 */
export async function releaseLiveSeat(db: Db, userId: string, sessionId: ObjectId | null): Promise<void> {
  const seat = await findLiveSeat(db, userId);
  if (!seat) return;
  const same =
    sessionId === null ? seat.sessionId === null && !seat.roomId : seat.sessionId?.equals(sessionId) === true;
  if (same) await liveSeatsCollection(db).deleteOne({ _id: userId });
}

/**
 * The sessions students are live in (waiting or active). Read only when a server died, to find
 * the seats it held streams for; one document per live student, so the set stays small.
 */
export async function findLiveSessionIds(db: Db): Promise<ObjectId[]> {
  const seats = await liveSeatsCollection(db)
    .find({ sessionId: { $ne: null } })
    .toArray();
  const unique = new Map(
    seats.flatMap((seat) => (seat.sessionId ? [[seat.sessionId.toHexString(), seat.sessionId]] : [])),
  );
  return [...unique.values()];
}

/** Frees the seat if it still belongs to group room `roomId` (by `_id` alone, as above). */
export async function releaseRoomSeat(db: Db, userId: string, roomId: ObjectId): Promise<void> {
  const seat = await findLiveSeat(db, userId);
  if (seat?.roomId?.equals(roomId)) await liveSeatsCollection(db).deleteOne({ _id: userId });
}

/** The group rooms students are live in: read only when a server died, like `findLiveSessionIds`. */
export async function findLiveRoomIds(db: Db): Promise<ObjectId[]> {
  const seats = await liveSeatsCollection(db)
    .find({ roomId: { $exists: true } })
    .toArray();
  const unique = new Map(seats.flatMap((seat) => (seat.roomId ? [[seat.roomId.toHexString(), seat.roomId]] : [])));
  return [...unique.values()];
}
