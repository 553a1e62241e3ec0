import type { Db } from 'mongodb';
import { liveSeatsCollection } from './live-seats';
import { findMatchClaim, findMatchTicket, readMatchHead } from './match-tickets';
import { findStudySession } from './study-sessions';

/** Slots looked at past the head hint before the lobby counts a length as "nobody waits". */
const LOBBY_PROBES = 20;

/** Whether someone waits for this length: the line's first unclaimed slot, read by `_id`. */
async function someoneWaits(db: Db, minutes: number): Promise<boolean> {
  const head = await readMatchHead(db, minutes);
  for (let generation = head; generation < head + LOBBY_PROBES; generation += 1) {
    const ticket = await findMatchTicket(db, minutes, generation);
    if (!ticket) return false;
    if (await findMatchClaim(db, ticket.sessionId)) continue;
    // Unclaimed: someone waits, unless its session is over (its claim was forgotten since).
    if ((await findStudySession(db, ticket.sessionId))?.status === 'waiting') return true;
  }
  return false;
}

/**
 * How many students wait for a partner of each length, and how many are live at all. Reads
 * only what exists: the line of waiting slots per length by `_id`, and the live seats (one
 * small document per student waiting or studying right now, so counting them stays cheap).
 */
export async function readLobbyCounts(
  db: Db,
  lengths: readonly number[],
): Promise<{ live: number; waiting: { minutes: number; students: number }[] }> {
  const [live, ...waits] = await Promise.all([
    liveSeatsCollection(db).countDocuments({ sessionId: { $ne: null } }),
    ...lengths.map((minutes) => someoneWaits(db, minutes)),
  ]);
  return { live, waiting: lengths.map((minutes, i) => ({ minutes, students: waits[i] ? 1 : 0 })) };
}
