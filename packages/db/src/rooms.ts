import { assertHeldFor, type RoomCreditLock, type RoomLock } from './lock-handles';
import type { Db, ObjectId } from 'mongodb';
import { addDueEntry, sweepDueBuckets } from './due-buckets';
import { isDuplicateKey } from './errors';
import { replaceById } from './leaderboard';
import type { GoalResult } from './study-sessions';

/** A planner subtask a member picked as their goal. */
export interface RoomSubtaskRef {
  assessmentId: string;
  subtaskId: string;
}

/**
 * One member of a study room, kept inside the room's document (capacity ≤ 50 keeps it small).
 * Presence is counted per stream and server, exactly like a partner session's seat.
 */
export interface RoomMemberDoc {
  userId: ObjectId;
  username: string;
  goal: string | null;
  subtask: RoomSubtaskRef | null;
  joinedAt: Date;
  /** Had a stream open since joining; until then the (longer) waiting grace applies. */
  arrived: boolean;
  streams: Record<string, number>;
  /** When their last stream closed (or when they joined, before the first); null while one is open. */
  awaySince: Date | null;
  /** Muted by the host: reads, cannot send. */
  mutedAt: Date | null;
}

/** The room's current (or last) run: the schedule as data, from which every phase follows. */
export interface RoomRunDoc {
  /** 1, 2, 3… within the room. */
  no: number;
  startedAt: Date;
  /** Time taken out of the schedule by skipped breaks. */
  skippedMs: number;
  endedAt: Date | null;
  /** Everyone who was a member at some point of the run (their minutes are credited per block). */
  attendees: string[];
}

export interface RoomCycleDoc {
  focusMinutes: number;
  breakMinutes: number;
  cyclesBeforeLongBreak: number;
  longBreakMinutes: number;
  chatDuringFocus: boolean;
}

/**
 * A group study room, read and written by `_id` alone under the room's lock (`roomLockKey`):
 * FerretDB's updates are unisolated read-modify-writes, so the lock is what keeps concurrent
 * changes (joins racing for the last place) from losing one another.
 */
export interface RoomDoc {
  _id: ObjectId;
  name: string;
  tag: string | null;
  visibility: 'public' | 'private';
  capacity: number;
  cycle: RoomCycleDoc;
  hostId: ObjectId;
  hostName: string;
  /** SHA-256 (hex) of the invite code; null when revoked (or public). */
  inviteHash: string | null;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  /** Since when nobody is in it; it closes once empty for `rooms.emptyCloseMs`. */
  emptySince: Date | null;
  run: RoomRunDoc | null;
  /** The last segment of the run announced (0: the first focus block, announced by the start). */
  announcedSegment: number;
  members: RoomMemberDoc[];
  /** Ids of students the host removed: they cannot rejoin until the next run starts. */
  removed: string[];
}

export const roomsCollection = (db: Db) => db.collection<RoomDoc>('rooms');

export function findRoom(db: Db, id: ObjectId): Promise<RoomDoc | null> {
  return roomsCollection(db).findOne({ _id: id });
}

export async function insertRoom(db: Db, room: RoomDoc): Promise<void> {
  await roomsCollection(db).insertOne(room);
}

/** Applies `$set` to the locked room by `_id` alone (a second key makes FerretDB read every room). */
export async function setRoomFields(lock: RoomLock, fields: Partial<Omit<RoomDoc, '_id'>>): Promise<void> {
  await roomsCollection(lock.db).updateOne({ _id: lock.roomId }, { $set: fields });
}

/**
 * Rooms still open, one small document each: the directory and the sweep read this set (a
 * scan, but of open rooms only; closed ones are removed), never the growing rooms collection.
 * `dueAt`: when the room next needs looking at (a phase ends, an empty room closes).
 */
export interface OpenRoomDoc {
  _id: string;
  visibility: 'public' | 'private';
  dueAt: Date | null;
}

export const openRoomsCollection = (db: Db) => db.collection<OpenRoomDoc>('openRooms');

const BUCKET_KIND = 'room';

/** Records an open room; its `dueAt` is noted in its bucket first (due-buckets.ts), for the sweep. */
export async function putOpenRoom(db: Db, doc: OpenRoomDoc): Promise<void> {
  if (doc.dueAt) await addDueEntry(db, BUCKET_KIND, doc.dueAt, doc._id);
  await replaceById(openRoomsCollection(db), doc);
}

/** Looks at an open room again at `at` (a sweep's tick of it failed). */
export const retryOpenRoomAt = (db: Db, id: string, at: Date) => addDueEntry(db, BUCKET_KIND, at, id);

/**
 * Hands every open room due by `now` to `handle`, found through the buckets of their `dueAt`
 * and read by `_id`; one closed or rescheduled later since is skipped. `handle` must be safe to repeat.
 */
export function forEachDueOpenRoom(db: Db, now: Date, handle: (open: OpenRoomDoc) => Promise<void>): Promise<void> {
  return sweepDueBuckets(db, BUCKET_KIND, now, {
    backfill: async (note) => {
      // Rooms opened before buckets were kept: a one-time read of the open set.
      for (const open of await listOpenRooms(db)) if (open.dueAt) await note(open.dueAt, open._id);
    },
    handle: async (id) => {
      const open = await openRoomsCollection(db).findOne({ _id: id });
      if (open?.dueAt && open.dueAt <= now) await handle(open);
    },
  });
}

export function listOpenRooms(db: Db): Promise<OpenRoomDoc[]> {
  return openRoomsCollection(db).find({}).toArray();
}

export async function removeOpenRoom(db: Db, id: ObjectId): Promise<void> {
  await openRoomsCollection(db).deleteOne({ _id: id.toHexString() });
}

/**
 * A member's presence over one run: the stretches they were in the room (away within the grace
 * period counts as in). `_id` = `<roomId>:<run>:<userId>`; written under the room's lock.
 */
export interface RoomPresenceDoc {
  _id: string;
  userId: string;
  username: string;
  stretches: { from: Date; to: Date | null; why: 'left' | 'gone' | 'removed' | null }[];
}

export const roomPresenceCollection = (db: Db) => db.collection<RoomPresenceDoc>('roomPresence');

export const roomPresenceId = (roomId: ObjectId, run: number, userId: string) =>
  `${roomId.toHexString()}:${run}:${userId}`;

export function findRoomPresence(db: Db, id: string): Promise<RoomPresenceDoc | null> {
  return roomPresenceCollection(db).findOne({ _id: id });
}

/** Writes a member's stretches whole, under the room's lock (whose room it must be). */
export function saveRoomPresence(lock: RoomLock, doc: RoomPresenceDoc): Promise<void> {
  assertHeldFor(lock, doc._id.startsWith(`${lock.roomId.toHexString()}:`));
  return replaceById(roomPresenceCollection(lock.db), doc);
}

/**
 * How far a run's minutes are credited: the last focus block whose minutes went into every
 * attendee's stats. `_id` = `<roomId>:<run>`; written under `roomCreditLockKey`.
 */
export interface RoomCreditDoc {
  _id: string;
  block: number;
}

export const roomCreditsCollection = (db: Db) => db.collection<RoomCreditDoc>('roomCredits');

export async function findCreditedBlock(db: Db, roomId: ObjectId, run: number): Promise<number> {
  return (await roomCreditsCollection(db).findOne({ _id: `${roomId.toHexString()}:${run}` }))?.block ?? 0;
}

/** The last block of the run credited, under the room's credit lock (whose room it writes). */
export const saveCreditedBlock = (lock: RoomCreditLock, run: number, block: number) =>
  replaceById(roomCreditsCollection(lock.db), { _id: `${lock.roomId.toHexString()}:${run}`, block });

/** One writer at a time credits a room's blocks (in order: stats dedupe only the last applied id). */

/** A member's check-in at the end of a run; `_id` = `<roomId>:<run>:<userId>`, so a unique insert makes it once. */
export interface RoomCheckInDoc {
  _id: string;
  result: GoalResult;
  note: string | null;
  at: Date;
}

export const roomCheckInsCollection = (db: Db) => db.collection<RoomCheckInDoc>('roomCheckIns');

/** False when this member already checked in for the run. */
export async function insertRoomCheckIn(db: Db, doc: RoomCheckInDoc): Promise<boolean> {
  try {
    await roomCheckInsCollection(db).insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export function findRoomCheckIn(db: Db, id: string): Promise<RoomCheckInDoc | null> {
  return roomCheckInsCollection(db).findOne({ _id: id });
}
