import type { Db } from 'mongodb';
import {
  findMatchTicket,
  forgetMatchClaim,
  matchTicketId,
  matchTicketsCollection,
  readMatchHead,
  type MatchTicketDoc,
} from './match-tickets';
import { isDuplicateKey } from './errors';
import { findStudySession } from './study-sessions';

/**
 * Used slots of the waiting line, deleted once no walker can reach them (match-tickets.ts).
 *
 * Why it is safe: every slot behind the head is claimed (the head never runs ahead of the first
 * unclaimed slot), and a walker takes a missing slot as free only within `HEAD_TRUST_MS` (a
 * minute) of reading the head, starting from it or further on. So the cleanup notes the head it
 * read (`candidate`, with when) and, `MATCH_SLOT_KEEP_MS` later, deletes the slots behind that
 * candidate: any walker that could still see one of them missing read the head after the
 * candidate was noted, so it starts past them. Only `_id` reads and deletes; two servers
 * cleaning at once delete the same documents (a lost update of the state only repeats work).
 * A slot's claim goes with it once its session is over (ended, withdrawn, called off); a claim
 * of a session still under way is forgotten when it ends (`untrackDueSession`).
 */
export const MATCH_SLOT_KEEP_MS = 10 * 60_000;
/** Slots looked at per length and run, so one run stays short. */
const MAX_SLOTS_PER_RUN = 500;

interface LineCleanupDoc {
  _id: string;
  /** Every slot below this one was deleted. */
  swept: number;
  /** A head read at `since` (by the cleaning server's clock): the slots behind it go next. */
  candidate: { generation: number; since: Date } | null;
}

const cleanupsCollection = (db: Db) => db.collection<LineCleanupDoc>('matchTickets');
const cleanupId = (minutes: number) => `cleanup:${minutes}`;

/**
 * Deletes the used slots of one length that no walker can reach any more, and the claims of
 * their sessions that are over. `nowMs` is the real clock (walkers time their head reads by it).
 * Returns how many slots were deleted.
 */
export async function cleanUpMatchLine(db: Db, minutes: number, nowMs = Date.now()): Promise<number> {
  const state = await cleanupsCollection(db).findOne({ _id: cleanupId(minutes) });
  const swept = state?.swept ?? 0;
  const candidate = state?.candidate ?? null;
  if (candidate && nowMs - candidate.since.getTime() < MATCH_SLOT_KEEP_MS) return 0;
  let deleted = 0;
  let next = swept;
  if (candidate) {
    const until = Math.min(candidate.generation, swept + MAX_SLOTS_PER_RUN);
    for (; next < until; next += 1) {
      const slot = await findMatchTicket(db, minutes, next);
      if (!slot) continue; // deleted already (by another server's run)
      await forgetClaimIfOver(db, slot);
      await matchTicketsCollection(db).deleteOne({ _id: matchTicketId(minutes, next) });
      deleted += 1;
    }
  }
  // The head is read before its moment is noted, so the moment is never earlier than the read.
  const caughtUp = !candidate || next >= candidate.generation;
  const head = caughtUp ? await readMatchHead(db, minutes) : 0;
  const since = new Date(Math.max(nowMs, Date.now()));
  const nextCandidate = caughtUp ? (head > next ? { generation: head, since } : null) : candidate;
  try {
    await cleanupsCollection(db).replaceOne(
      { _id: cleanupId(minutes) },
      { swept: next, candidate: nextCandidate },
      { upsert: true },
    );
  } catch (error) {
    // Two first runs raced to create the state (FerretDB's upsert is not atomic): the other's stands.
    if (!isDuplicateKey(error)) throw error;
  }
  return deleted;
}

async function forgetClaimIfOver(db: Db, slot: MatchTicketDoc): Promise<void> {
  const session = await findStudySession(db, slot.sessionId);
  if (!session || session.status === 'completed' || session.status === 'endedEarly' || session.status === 'cancelled') {
    await forgetMatchClaim(db, slot.sessionId);
  }
}
