import type { Db, ObjectId } from 'mongodb';
import type { RoomLock } from './lock-handles';
import { studySessionsCollection, type SeatDoc, type StudySessionDoc } from './study-sessions';

/**
 * Every write to a study session after it is created. Each filters by `_id` ALONE: on
 * FerretDB/SQLite a second key in the filter reads every session. What makes the
 * read-then-write safe is the room's lock, whose handle each takes (and whose room it writes).
 */
const sessionOf = (lock: RoomLock) => studySessionsCollection(lock.db);

async function set(lock: RoomLock, fields: Record<string, unknown>): Promise<void> {
  await sessionOf(lock).updateOne({ _id: lock.roomId }, { $set: fields });
}

export const setFiveMinuteNotice = (lock: RoomLock, at: Date) => set(lock, { fiveMinuteNoticeAt: at });

export const markSessionCompleted = (lock: RoomLock, endedAt: Date) => set(lock, { status: 'completed', endedAt });

export const markSessionEndedEarly = (lock: RoomLock, endedAt: Date, endedBy: ObjectId) =>
  set(lock, { status: 'endedEarly', endedAt, endedBy });

/** Called off or withdrawn: nothing is counted. */
export const markSessionCancelled = (lock: RoomLock, endedAt: Date) => set(lock, { status: 'cancelled', endedAt });

/**
 * A waiting session that never got a match slot, so no other server knows of it: cancelled
 * without the lock (nobody else can be writing it).
 */
export async function discardUnlistedSession(db: Db, id: ObjectId, endedAt: Date): Promise<void> {
  await studySessionsCollection(db).updateOne({ _id: id }, { $set: { status: 'cancelled', endedAt } });
}

/** A partner joined a waiting session: it runs from now with every seat. */
export const startWaitingSession = (lock: RoomLock, started: Pick<StudySessionDoc, 'startedAt' | 'endsAt' | 'seats'>) =>
  set(lock, { status: 'active', startedAt: started.startedAt, endsAt: started.endsAt, seats: started.seats });

export const setSeatCheckIn = (lock: RoomLock, index: number, checkIn: NonNullable<SeatDoc['checkIn']>) =>
  set(lock, { [`seats.${index}.checkIn`]: checkIn });

/** Every seat replaced (a student deleted their account: theirs anonymised). */
export const replaceSeats = (lock: RoomLock, seats: SeatDoc[]) => set(lock, { seats });

/**
 * The seat has a stream open on `instanceId` (a mark, 1: that server counts its own streams and
 * writes again only when its last one closes), so it is no longer away; `arrivedAt`, given,
 * records their first arrival. No read needed under the lock.
 */
export async function markSeatStreaming(
  lock: RoomLock,
  index: number,
  instanceId: string,
  arrivedAt?: Date | null,
): Promise<void> {
  await set(lock, {
    [`seats.${index}.streams.${instanceId}`]: 1,
    [`seats.${index}.awaySince`]: null,
    ...(arrivedAt !== undefined ? { [`seats.${index}.arrivedAt`]: arrivedAt } : {}),
  });
}

/** The seat's stream marks as just worked out, with its away/disconnected marks where they change. */
export const setSeatStreams = (
  lock: RoomLock,
  index: number,
  streams: SeatDoc['streams'],
  marks: { awaySince?: Date | null; disconnectedAt?: null },
) =>
  set(lock, {
    [`seats.${index}.streams`]: streams,
    ...('awaySince' in marks ? { [`seats.${index}.awaySince`]: marks.awaySince } : {}),
    ...('disconnectedAt' in marks ? { [`seats.${index}.disconnectedAt`]: marks.disconnectedAt } : {}),
  });

export const setSeatDisconnected = (lock: RoomLock, index: number, since: Date) =>
  set(lock, { [`seats.${index}.disconnectedAt`]: since });
