import type { Db, ObjectId } from 'mongodb';

/**
 * The one student waiting for a partner of a given length, if any: `_id` = `partner:<minutes>`.
 * A unique `_id` per length makes pairing a single atomic take-or-put.
 */
export interface MatchTicketDoc {
  _id: string;
  sessionId: ObjectId;
  userId: ObjectId;
  since: Date;
}

export const matchTicketsCollection = (db: Db) => db.collection<MatchTicketDoc>('matchTickets');

export const matchTicketId = (minutes: number) => `partner:${minutes}`;

/** Takes the waiting ticket, so no one else can pair with it. */
export function takeMatchTicket(db: Db, minutes: number): Promise<MatchTicketDoc | null> {
  return matchTicketsCollection(db).findOneAndDelete({ _id: matchTicketId(minutes) });
}

/** Puts a ticket up; false when someone else is already waiting for this length. */
export async function putMatchTicket(db: Db, minutes: number, ticket: Omit<MatchTicketDoc, '_id'>): Promise<boolean> {
  try {
    await matchTicketsCollection(db).insertOne({ _id: matchTicketId(minutes), ...ticket });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export async function removeMatchTicket(db: Db, minutes: number, sessionId: ObjectId): Promise<void> {
  await matchTicketsCollection(db).deleteOne({ _id: matchTicketId(minutes), sessionId });
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
