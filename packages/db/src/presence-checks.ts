import type { Db, MongoBulkWriteError, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';
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
  await schedulePresenceChecks(db, [check]);
}

/**
 * Several checks at once (both seats of a session just paired): their bucket entries share one
 * write when they fall in one slot, and the documents go as one bulk write.
 */
export async function schedulePresenceChecks(db: Db, checks: readonly PresenceCheckDoc[]): Promise<void> {
  // Noted in their buckets first: a crash in between leaves only entries the sweep skips.
  await Promise.all(checks.map((check) => addDueEntry(db, BUCKET_KIND, check.dueAt, check._id)));
  if (checks.length === 1 && checks[0]) return replaceById(presenceChecksCollection(db), checks[0]);
  try {
    await presenceChecksCollection(db).bulkWrite(
      checks.map((check) => ({ replaceOne: { filter: { _id: check._id }, replacement: check, upsert: true } })),
      { ordered: false },
    );
  } catch (error) {
    // Two first upserts of one check raced (FerretDB's upsert is not atomic): write each again.
    if (!isDuplicateKey(error) && !allDuplicateKeys(error)) throw error;
    for (const check of checks) await replaceById(presenceChecksCollection(db), check);
  }
}

function allDuplicateKeys(error: unknown): boolean {
  const failed = (error as Partial<MongoBulkWriteError>).writeErrors;
  const errors = Array.isArray(failed) ? failed : failed ? [failed] : [];
  return errors.length > 0 && errors.every(isDuplicateKey);
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
