import type { Db } from 'mongodb';
import { withLock } from './locks';

/** A fixed-window counter per key, shared by every server on the database. */
interface RateLimitDoc {
  _id: string;
  count: number;
  windowStartedAt: Date;
}

export const rateLimitsCollection = (db: Db) => db.collection<RateLimitDoc>('rateLimits');

/** Takes one unit for `key`; false when `max` were already taken in the current window. */
export function consumeRateLimit(
  db: Db,
  key: string,
  now: Date,
  { max, windowMs }: { max: number; windowMs: number },
): Promise<boolean> {
  const collection = rateLimitsCollection(db);
  return withLock(db, `rate:${key}`, async () => {
    const current = await collection.findOne({ _id: key });
    if (!current || current.windowStartedAt.getTime() <= now.getTime() - windowMs) {
      await collection.updateOne({ _id: key }, { $set: { count: 1, windowStartedAt: now } }, { upsert: true });
      return true;
    }
    if (current.count >= max) return false;
    await collection.updateOne({ _id: key }, { $inc: { count: 1 } });
    return true;
  });
}
