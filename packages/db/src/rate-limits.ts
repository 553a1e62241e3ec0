import type { Db } from 'mongodb';
import { isDuplicateKey } from './match-tickets';

/** A fixed-window counter per key, shared by every server on the database. */
interface RateLimitDoc {
  _id: string;
  count: number;
  windowStartedAt: Date;
}

export const rateLimitsCollection = (db: Db) => db.collection<RateLimitDoc>('rateLimits');

/** Takes one unit for `key`; false when `max` were already taken in the current window. */
export async function consumeRateLimit(
  db: Db,
  key: string,
  now: Date,
  { max, windowMs }: { max: number; windowMs: number },
): Promise<boolean> {
  const collection = rateLimitsCollection(db);
  const windowStart = new Date(now.getTime() - windowMs);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const within = await collection.updateOne(
      { _id: key, windowStartedAt: { $gt: windowStart }, count: { $lt: max } },
      { $inc: { count: 1 } },
    );
    if (within.matchedCount > 0) return true;
    const restarted = await collection.updateOne(
      { _id: key, windowStartedAt: { $lte: windowStart } },
      { $set: { count: 1, windowStartedAt: now } },
    );
    if (restarted.matchedCount > 0) return true;
    try {
      await collection.insertOne({ _id: key, count: 1, windowStartedAt: now });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The window exists: either full (deny) or created just now by a racing call (retry).
      const doc = await collection.findOne({ _id: key });
      if (doc && doc.windowStartedAt > windowStart && doc.count >= max) return false;
    }
  }
  return false;
}
