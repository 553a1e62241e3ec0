import type { Db, ObjectId } from 'mongodb';
import type { IndexDeclaration } from './indexes';
import { isDuplicateKey } from './errors';

/**
 * Active sessions and ended ones still being wrapped up, with the moments that matter.
 * Kept apart from the (large, growing) sessions collection so the sweep reads a small set.
 */
export interface DueSessionDoc {
  _id: ObjectId;
  warnAt: Date;
  endsAt: Date;
}

export const dueSessionIndexes: IndexDeclaration[] = [
  { collection: 'dueSessions', index: { key: { warnAt: 1 }, name: 'warnAt' } },
];

export const dueSessionsCollection = (db: Db) => db.collection<DueSessionDoc>('dueSessions');

export async function trackDueSession(db: Db, due: DueSessionDoc): Promise<void> {
  const { _id, ...moments } = due;
  try {
    await dueSessionsCollection(db).updateOne({ _id }, { $set: moments }, { upsert: true });
  } catch (error) {
    // Two upserts raced to insert it (FerretDB's upsert is not atomic): it exists now, so update it.
    if (!isDuplicateKey(error)) throw error;
    await dueSessionsCollection(db).updateOne({ _id }, { $set: moments });
  }
}

/** Every session with something due by `now`: a 5-minute notice, a completion or a wrap-up. */
export function findDueSessions(db: Db, now: Date): Promise<DueSessionDoc[]> {
  return dueSessionsCollection(db)
    .find({ warnAt: { $lte: now } })
    .toArray();
}

/** Sessions under way (active, or ended and still being wrapped up): a small set. */
export function countDueSessions(db: Db, options: { timeoutMS?: number } = {}): Promise<number> {
  return dueSessionsCollection(db).countDocuments({}, options);
}

export async function untrackDueSession(db: Db, id: ObjectId): Promise<void> {
  await dueSessionsCollection(db).deleteOne({ _id: id });
}
