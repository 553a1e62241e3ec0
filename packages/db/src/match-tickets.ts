import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';
import { withLock } from './locks';

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

const ticketLockKey = (minutes: number) => `ticket:${minutes}`;

/**
 * Takes the waiting ticket, so no one else can pair with it. Deletes of tickets happen under
 * the length's lock: FerretDB evaluates a delete's filter and then deletes by `_id`, so an
 * unguarded "delete this ticket" could remove a newer ticket put up in between.
 */
export function takeMatchTicket(db: Db, minutes: number): Promise<MatchTicketDoc | null> {
  return withLock(db, ticketLockKey(minutes), async () => {
    const ticket = await matchTicketsCollection(db).findOne({ _id: matchTicketId(minutes) });
    if (ticket) await matchTicketsCollection(db).deleteOne({ _id: ticket._id });
    return ticket;
  });
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

/** Withdraws the ticket of `sessionId`, if it is still the one waiting. */
export function removeMatchTicket(db: Db, minutes: number, sessionId: ObjectId): Promise<void> {
  return withLock(db, ticketLockKey(minutes), async () => {
    const ticket = await matchTicketsCollection(db).findOne({ _id: matchTicketId(minutes) });
    if (ticket?.sessionId.equals(sessionId)) await matchTicketsCollection(db).deleteOne({ _id: ticket._id });
  });
}
