import type { Db } from 'mongodb';
import { withLock } from './locks';

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

/** Adds one failure; a window that has lapsed starts again at one. Under the key's lock, so none is lost. */
export function recordFailure(db: Db, key: string, now: Date, windowStart: Date): Promise<void> {
  const collection = loginThrottleCollection(db);
  return withLock(db, `throttle:${key}`, async () => {
    const current = await collection.findOne({ _id: key });
    if (current && current.windowStartedAt > windowStart) {
      await collection.updateOne({ _id: key }, { $inc: { failures: 1 } });
    } else {
      await collection.updateOne({ _id: key }, { $set: { failures: 1, windowStartedAt: now } }, { upsert: true });
    }
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await loginThrottleCollection(db).deleteOne({ _id: key });
}
