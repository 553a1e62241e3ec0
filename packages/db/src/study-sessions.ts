import type { Db, ObjectId } from 'mongodb';

export type StudySessionStatus = 'waiting' | 'active' | 'completed' | 'endedEarly' | 'cancelled';
export type GoalResult = 'yes' | 'partly' | 'no';

export interface SeatDoc {
  userId: ObjectId;
  username: string;
  goal: string | null;
  joinedAt: Date;
  /** Open event streams of this student across all servers; 0 means gone. */
  connections: number;
  /** Set once all their connections were gone for the grace period; cleared when they return. */
  disconnectedAt: Date | null;
  checkIn: { result: GoalResult; note: string | null; at: Date } | null;
}

/**
 * A study room: its seats and its timer. A partner session has two seats; group rooms reuse
 * the same shape with more. Time is data: `startedAt`/`endsAt` are stored and nothing ticks.
 * Every change after creation happens under the room's lock (`roomLockKey`), see locks.ts.
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

export const studySessionsCollection = (db: Db) => db.collection<StudySessionDoc>('studySessions');

export function findStudySession(db: Db, id: ObjectId): Promise<StudySessionDoc | null> {
  return studySessionsCollection(db).findOne({ _id: id });
}

export async function insertStudySession(db: Db, session: StudySessionDoc): Promise<void> {
  await studySessionsCollection(db).insertOne(session);
}

/** The lock every writer of a room's document takes. */
export const roomLockKey = (id: ObjectId) => `room:${id.toHexString()}`;
