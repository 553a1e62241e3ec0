import { readRoomEventsAfter, readRoomEventsBetween, type ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import type { RoomEvent } from '../events';
import { toRoomEventView } from './room-log';

/** A client's `lastEventId`, if it is one (a room-log number). */
export const resumePoint = (lastEventId: string | null | undefined): number | null =>
  lastEventId && /^\d{1,10}$/.test(lastEventId) ? Number(lastEventId) : null;

/**
 * A room's log as a stream, after its state went out (partner sessions and group rooms alike):
 * given a resume point, every stored event after it, then the live ones, each stored event once.
 * Each item carries the stream's cursor (the newest log number delivered so far), for `tracked()`.
 * `queue` listened before the state was read, so nothing published meanwhile slips between.
 */
export async function* followRoomLog(
  deps: ApiDeps,
  roomId: ObjectId,
  queue: AsyncIterable<RoomEvent>,
  {
    stateLastEventId,
    resumeFrom,
    hides = () => false,
  }: {
    stateLastEventId: number;
    resumeFrom: number | null;
    /** Events this viewer does not see (a blocked student's messages): skipped, the cursor moving past them. */
    hides?: (event: RoomEvent) => boolean;
  },
): AsyncGenerator<{ cursor: string; event: RoomEvent }> {
  let cursor = resumeFrom ?? stateLastEventId;
  // Without a resume point the client reads history itself; with one, it gets what it missed.
  let last = stateLastEventId;
  if (resumeFrom !== null) {
    for (const event of await readRoomEventsAfter(deps.db, roomId, resumeFrom)) {
      cursor = event.seq;
      last = Math.max(last, event.seq);
      const view = toRoomEventView(event);
      if (!hides(view)) yield { cursor: String(cursor), event: view };
    }
  }
  // Numbers neither delivered nor found in the log when a later one came (not expected: an event
  // is stored before it is published, and a number is taken only after the one before it).
  const missed = new Set<number>();
  const cursorAt = () => (missed.size === 0 ? last : Math.min(...missed) - 1);
  for await (const event of queue) {
    if ('id' in event) {
      const seq = Number(event.id);
      if (seq <= last && !missed.delete(seq)) continue; // delivered already
      if (seq > last + 1) {
        // Two replicas can publish out of order. What lies between is stored already: deliver
        // it first, from the log by `_id`, so the reader gets the log's order; the late
        // publishes are then skipped as delivered.
        const between = await readRoomEventsBetween(deps.db, roomId, last + 1, seq - 1);
        const found = new Set(between.map((earlier) => earlier.seq));
        for (let gap = last + 1; gap < seq; gap += 1) if (!found.has(gap)) missed.add(gap);
        for (const earlier of between) {
          last = earlier.seq;
          cursor = Math.max(cursor, cursorAt());
          const view = toRoomEventView(earlier);
          if (!hides(view)) yield { cursor: String(cursor), event: view };
        }
      }
      last = Math.max(last, seq);
      cursor = Math.max(cursor, cursorAt());
    }
    // Skipped, not yielded: the next item carries the cursor past it.
    if (hides(event)) continue;
    yield { cursor: String(cursor), event };
  }
}
