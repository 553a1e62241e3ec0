import type { Db } from 'mongodb';
import { liveSeatsCollection } from './live-seats';
import { matchTicketId, matchTicketsCollection } from './match-tickets';

/**
 * How many students wait for a partner of each length, and how many are live at all. Reads
 * only what exists: one ticket per length by `_id`, and the live seats (one small document per
 * student waiting or studying right now, so counting them stays cheap).
 */
export async function readLobbyCounts(
  db: Db,
  lengths: readonly number[],
): Promise<{ live: number; waiting: { minutes: number; students: number }[] }> {
  const [live, ...tickets] = await Promise.all([
    liveSeatsCollection(db).countDocuments({ sessionId: { $ne: null } }),
    ...lengths.map((minutes) => matchTicketsCollection(db).findOne({ _id: matchTicketId(minutes) })),
  ]);
  return { live, waiting: lengths.map((minutes, i) => ({ minutes, students: tickets[i] ? 1 : 0 })) };
}
