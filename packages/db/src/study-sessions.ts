import type { Db, ObjectId } from 'mongodb';

export type StudySessionStatus = 'waiting' | 'active' | 'completed' | 'endedEarly' | 'cancelled';
export type GoalResult = 'yes' | 'partly' | 'no';

export interface SeatDoc {
  userId: ObjectId;
  username: string;
  goal: string | null;
  joinedAt: Date;
  /**
   * The servers (by instance id, see server-instances.ts) where this student has event streams
   * open, each marked 1 however many it holds (it counts them itself), so a dead server's can be
   * dropped. None means they are away. (Older documents may hold a count above 1.)
   */
  streams: Record<string, number>;
  /** When their last stream closed; null while one is open. */
  awaySince: Date | null;
  /** Set once they were away for the grace period (as of `awaySince`); cleared when they return. */
  disconnectedAt: Date | null;
  /**
   * When they first had a stream open in the running session; null until then (a partner who
   * never arrives is let go). Missing on documents from before it was recorded: arrived.
   */
  arrivedAt?: Date | null;
  checkIn: { result: GoalResult; note: string | null; at: Date } | null;
  /** The student deleted their account: the seat keeps their minutes, not their name or words. */
  former?: true;
}

/**
 * A study room: its seats and its timer. A partner session has two seats; group rooms reuse
 * the same shape with more. Time is data: `startedAt`/`endsAt` are stored and nothing ticks.
 * Every change after creation happens under the room's lock (`withRoomLock`), see
 * study-session-writes.ts.
 */
export interface StudySessionDoc {
  _id: ObjectId;
  kind: 'partner';
  status: StudySessionStatus;
  plannedMinutes: number;
  seats: SeatDoc[];
  createdAt: Date;
  startedAt: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
  endedBy: ObjectId | null;
  fiveMinuteNoticeAt: Date | null;
}

/** More than 0 while the student has an event stream open on some server. */
export const openStreams = (seat: { streams: Record<string, number> }) =>
  Object.values(seat.streams).reduce((sum, count) => sum + count, 0);

export const studySessionsCollection = (db: Db) => db.collection<StudySessionDoc>('studySessions');

export function findStudySession(db: Db, id: ObjectId): Promise<StudySessionDoc | null> {
  return studySessionsCollection(db).findOne({ _id: id });
}

export async function insertStudySession(db: Db, session: StudySessionDoc): Promise<void> {
  await studySessionsCollection(db).insertOne(session);
}

/** The lock every writer of a room's document takes. */
