import type { Db } from 'mongodb';

/** Failed sign-in attempts for one key ("account:<id>" or "ip:<address>") in the current window. */
export interface LoginThrottleDoc {
  _id: string;
  failures: number;
  windowStartedAt: Date;
}

export const loginThrottleCollection = (db: Db) => db.collection<LoginThrottleDoc>('loginThrottle');

/** Failures recorded for `key` since `windowStart`. */
export async function countRecentFailures(db: Db, key: string, windowStart: Date): Promise<number> {
  const doc = await loginThrottleCollection(db).findOne({ _id: key });
  return doc && doc.windowStartedAt > windowStart ? doc.failures : 0;
}

/** Adds one failure; a window that has lapsed starts again at one. Atomic per key. */
export async function recordFailure(db: Db, key: string, now: Date, windowStart: Date): Promise<void> {
  const collection = loginThrottleCollection(db);
  const bumped = await collection.updateOne(
    { _id: key, windowStartedAt: { $gt: windowStart } },
    { $inc: { failures: 1 } },
  );
  if (bumped.matchedCount > 0) return;
  await collection.updateOne({ _id: key }, { $set: { failures: 1, windowStartedAt: now } }, { upsert: true });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await loginThrottleCollection(db).deleteOne({ _id: key });
}
