import type { Db, ObjectId } from 'mongodb';
import type { IndexDeclaration } from './indexes';
import { replaceById } from './leaderboard';

/**
 * A student whose last stream in a live session closed: at `dueAt` (the end of the grace
 * period) their seat is looked at again, and if they are still gone they are marked
 * disconnected. A timer on the server that saw them leave does it promptly; these documents
 * let any server's sweep do it when that timer is lost (a restart, a crash).
 * `_id` = `<sessionId>:<userId>`; written and removed under the room's lock.
 */
export interface PresenceCheckDoc {
  _id: string;
  sessionId: ObjectId;
  userId: string;
  dueAt: Date;
  /** A group room's member (`sessionId` is then the room's id); absent: a partner session's seat. */
  kind?: 'room';
}

export const presenceCheckIndexes: IndexDeclaration[] = [
  { collection: 'presenceChecks', index: { key: { dueAt: 1 }, name: 'dueAt' } },
];

export const presenceChecksCollection = (db: Db) => db.collection<PresenceCheckDoc>('presenceChecks');

export const presenceCheckId = (sessionId: ObjectId, userId: string) => `${sessionId.toHexString()}:${userId}`;

export function schedulePresenceCheck(db: Db, check: PresenceCheckDoc): Promise<void> {
  return replaceById(presenceChecksCollection(db), check);
}

/** Checks due by `now`: students currently away from a live session, a small set. */
export function findDuePresenceChecks(db: Db, now: Date): Promise<PresenceCheckDoc[]> {
  return presenceChecksCollection(db)
    .find({ dueAt: { $lte: now } })
    .toArray();
}

export async function removePresenceCheck(db: Db, id: string): Promise<void> {
  await presenceChecksCollection(db).deleteOne({ _id: id });
}
