import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Who waits for a partner of a given length, as a numbered line of slots per length:
 * `_id` = `partner:<minutes>:<generation>`, each holding one waiting session. A slot is never
 * deleted or rewritten; it is used up when its session is claimed (`claim:<sessionId>`, a unique
 * insert: by the partner who joins it, or by the cancel or expiry that withdraws it), and stays
 * used once its session is over, claim or not (the claim is deleted then: `forgetMatchClaim`). So every
 * step is an atomic unique insert or a read by `_id` on both engines, and no lock is needed:
 * - two students who find the same free slot both insert it; one wins, the other pairs with it;
 * - a slot is put only after every earlier one was seen claimed, so at most one slot per length
 *   is unclaimed: nobody waits while someone else waits for the same length.
 * `head:<minutes>` remembers a recent generation, so a server that was idle does not walk the
 * whole line; it is only a hint (it never runs ahead of the first unclaimed slot).
 */
export interface MatchTicketDoc {
  _id: string;
  sessionId: ObjectId;
  userId: ObjectId;
  since: Date;
}

/** A waiting session's fate, decided once: the partner who joined it, or its withdrawal. */
export interface MatchClaimDoc {
  _id: string;
  by: 'join' | 'cancel' | 'expiry';
  userId: ObjectId | null;
  at: Date;
}

interface MatchHeadDoc {
  _id: string;
  generation: number;
}

export const matchTicketsCollection = (db: Db) => db.collection<MatchTicketDoc>('matchTickets');
const claimsCollection = (db: Db) => db.collection<MatchClaimDoc>('matchTickets');
const headsCollection = (db: Db) => db.collection<MatchHeadDoc>('matchTickets');

export const matchTicketId = (minutes: number, generation: number) => `partner:${minutes}:${generation}`;
export const matchClaimId = (sessionId: ObjectId) => `claim:${sessionId.toHexString()}`;
const headId = (minutes: number) => `head:${minutes}`;

export function findMatchTicket(db: Db, minutes: number, generation: number): Promise<MatchTicketDoc | null> {
  return matchTicketsCollection(db).findOne({ _id: matchTicketId(minutes, generation) });
}

/** Puts a ticket in slot `generation`; false when someone else took that slot first. */
export async function putMatchTicket(
  db: Db,
  minutes: number,
  generation: number,
  ticket: Omit<MatchTicketDoc, '_id'>,
): Promise<boolean> {
  try {
    await matchTicketsCollection(db).insertOne({ _id: matchTicketId(minutes, generation), ...ticket });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Decides the waiting session's fate; false when it was already decided (by someone else). */
export async function claimMatch(db: Db, sessionId: ObjectId, claim: Omit<MatchClaimDoc, '_id'>): Promise<boolean> {
  try {
    await claimsCollection(db).insertOne({ _id: matchClaimId(sessionId), ...claim });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Forgets a session's claim once it can no longer be waiting (ended, wrapped up, withdrawn).
 * The claim only decides who may act on a *waiting* session; every such act (a join, a
 * withdrawal) also re-reads the session under its room lock and does nothing unless it still
 * waits, so past that point the claim guards nothing. Its slot stays (see above): a deleted slot
 * would look free to a walker with an old hint and let a second student wait for that length.
 * A walker that later claims the slot's session again finds it over and forgets that claim too.
 */
export async function forgetMatchClaim(db: Db, sessionId: ObjectId): Promise<void> {
  await claimsCollection(db).deleteOne({ _id: matchClaimId(sessionId) });
}

export function findMatchClaim(db: Db, sessionId: ObjectId): Promise<MatchClaimDoc | null> {
  return claimsCollection(db).findOne({ _id: matchClaimId(sessionId) });
}

/** A recent generation for this length (0 if none yet). */
export async function readMatchHead(db: Db, minutes: number): Promise<number> {
  return (await headsCollection(db).findOne({ _id: headId(minutes) }))?.generation ?? 0;
}

/** Moves the hint forward. Not isolated on FerretDB: a lost update only leaves it further behind. */
export async function advanceMatchHead(db: Db, minutes: number, generation: number): Promise<void> {
  try {
    await headsCollection(db).updateOne({ _id: headId(minutes) }, { $max: { generation } }, { upsert: true });
  } catch (error) {
    // Two first upserts raced (FerretDB's upsert is not atomic): the other one wrote a hint.
    if (!isDuplicateKey(error)) throw error;
  }
}
