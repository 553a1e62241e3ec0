import type { Db, ObjectId } from 'mongodb';
import type { IndexDeclaration } from './indexes';
import { addDueEntry, sweepDueBuckets } from './due-buckets';
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

/** Read by `_id` alone, found through the buckets of their due moments (due-buckets.ts). */
export const presenceCheckIndexes: IndexDeclaration[] = [];

const BUCKET_KIND = 'presence';

export const presenceChecksCollection = (db: Db) => db.collection<PresenceCheckDoc>('presenceChecks');

export const presenceCheckId = (sessionId: ObjectId, userId: string) => `${sessionId.toHexString()}:${userId}`;

export async function schedulePresenceCheck(db: Db, check: PresenceCheckDoc): Promise<void> {
  // Noted in its bucket first: a crash in between leaves only an entry the sweep skips.
  await addDueEntry(db, BUCKET_KIND, check.dueAt, check._id);
  await replaceById(presenceChecksCollection(db), check);
}

/**
 * Hands every check due by `now` to `handle`, found through the buckets of their moments and
 * read by `_id`; one moved later or removed since is skipped. `handle` must be safe to repeat.
 */
export function forEachDuePresenceCheck(
  db: Db,
  now: Date,
  handle: (check: PresenceCheckDoc) => Promise<void>,
): Promise<void> {
  return sweepDueBuckets(db, BUCKET_KIND, now, {
    backfill: async (note) => {
      // Checks written before buckets were kept: a one-time read of the whole (small) set.
      for (const check of await presenceChecksCollection(db).find({}).toArray()) await note(check.dueAt, check._id);
    },
    handle: async (id) => {
      const check = await presenceChecksCollection(db).findOne({ _id: id });
      if (check && check.dueAt <= now) await handle(check);
    },
  });
}

export async function removePresenceCheck(db: Db, id: string): Promise<void> {
  await presenceChecksCollection(db).deleteOne({ _id: id });
}
