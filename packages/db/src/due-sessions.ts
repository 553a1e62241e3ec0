import { ObjectId, type Db } from 'mongodb';
import type { IndexDeclaration } from './indexes';
import { addDueEntry, sweepDueBuckets } from './due-buckets';
import { isDuplicateKey } from './errors';
import { forgetMatchClaim } from './match-tickets';

/**
 * Active sessions and ended ones still being wrapped up, with the moments that matter, by `_id`.
 * The sweep finds them through their moments' buckets (due-buckets.ts), never by a scan.
 */
export interface DueSessionDoc {
  _id: ObjectId;
  warnAt: Date;
  endsAt: Date;
}

/** Read by `_id` alone now; the `warnAt` index of the old scan is no longer declared. */
export const dueSessionIndexes: IndexDeclaration[] = [];

const BUCKET_KIND = 'session';

export const dueSessionsCollection = (db: Db) => db.collection<DueSessionDoc>('dueSessions');

export async function trackDueSession(db: Db, due: DueSessionDoc): Promise<void> {
  const { _id, ...moments } = due;
  // Its moments are noted first: a crash before the document is written leaves only an entry
  // the sweep skips; the other way round, a due session nobody would find.
  const id = _id.toHexString();
  await Promise.all([addDueEntry(db, BUCKET_KIND, due.warnAt, id), addDueEntry(db, BUCKET_KIND, due.endsAt, id)]);
  try {
    await dueSessionsCollection(db).updateOne({ _id }, { $set: moments }, { upsert: true });
  } catch (error) {
    // Two upserts raced to insert it (FerretDB's upsert is not atomic): it exists now, so update it.
    if (!isDuplicateKey(error)) throw error;
    await dueSessionsCollection(db).updateOne({ _id }, { $set: moments });
  }
}

/**
 * Hands every session with something due by `now` (a 5-minute notice, a completion or a
 * wrap-up) to `handle`, found through the buckets of its moments and read by `_id`. A session
 * whose moment moved later or that stopped being tracked is skipped. `handle` must be safe to
 * repeat: a sweep cut short, or another server's, hands the same session over again.
 */
export function forEachDueSession(db: Db, now: Date, handle: (due: DueSessionDoc) => Promise<void>): Promise<void> {
  return sweepDueBuckets(db, BUCKET_KIND, now, {
    backfill: async (note) => {
      // Sessions tracked before buckets were kept: a one-time read of the whole (small) set.
      for (const due of await dueSessionsCollection(db).find({}).toArray()) {
        await note(due.warnAt, due._id.toHexString());
        await note(due.endsAt, due._id.toHexString());
      }
    },
    handle: async (id) => {
      const due = await dueSessionsCollection(db).findOne({ _id: new ObjectId(id) });
      if (due && due.warnAt <= now) await handle(due);
    },
  });
}

/** Sessions under way (active, or ended and still being wrapped up): a small set. */
export function countDueSessions(db: Db, options: { timeoutMS?: number } = {}): Promise<number> {
  return dueSessionsCollection(db).countDocuments({}, options);
}

/** Stops tracking a session that is over and wrapped up (or was never started): its pairing claim goes too. */
export async function untrackDueSession(db: Db, id: ObjectId): Promise<void> {
  await forgetMatchClaim(db, id);
  await dueSessionsCollection(db).deleteOne({ _id: id });
}
