import type { Db, ObjectId } from 'mongodb';

/**
 * A calendar feed link, found by the SHA-256 of its token (`_id`), so the public GET is one
 * point read and a leaked table reveals no working link. The assessment holds the same hash:
 * a feed document only counts while its assessment still points at it (rotation, revocation).
 */
export interface CalendarFeedDoc {
  _id: string;
  assessmentId: ObjectId;
  ownerId: ObjectId;
  createdAt: Date;
}

export const calendarFeedsCollection = (db: Db) => db.collection<CalendarFeedDoc>('calendarFeeds');

export async function insertCalendarFeed(db: Db, feed: CalendarFeedDoc): Promise<void> {
  await calendarFeedsCollection(db).insertOne(feed);
}

export function findCalendarFeed(db: Db, tokenHash: string): Promise<CalendarFeedDoc | null> {
  return calendarFeedsCollection(db).findOne({ _id: tokenHash });
}

export async function deleteCalendarFeed(db: Db, tokenHash: string): Promise<void> {
  await calendarFeedsCollection(db).deleteOne({ _id: tokenHash });
}
