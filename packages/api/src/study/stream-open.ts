import {
  findStudySession,
  markSeatStreaming,
  openStreams,
  presenceCheckId,
  removePresenceCheck,
  setSeatStreams,
  withRoomLock,
  type SeatDoc,
  type StudySessionDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { heldKey, heldStreams } from './held-streams';
import { presenceKey } from './presence-rules';
import { recordRoomEvent } from './room-log';
import { seatIndexOf } from './view';

export interface OpenedStream {
  /** The server id the stream is counted under; closing uncounts it there, even if the id changed since. */
  instanceId: string;
  /** The session as it is now, with this stream counted. */
  session: StudySessionDoc;
}

/**
 * Counts a stream the student opened on `session`, just read by the caller. This process
 * counts its own streams (held-streams.ts): only the first one here for the seat writes, a mark
 * under the room's lock that needs no second read; later ones cost no write at all. Coming back
 * after being marked disconnected (stored once, "reconnected") reads the seat again under the
 * lock. Null when the student has no seat.
 */
export async function streamOpened(
  deps: ApiDeps,
  session: StudySessionDoc,
  userId: string,
): Promise<OpenedStream | null> {
  const index = seatIndexOf(session, userId);
  const seat = session.seats[index];
  if (!seat) return null;
  const instanceId = deps.instance.id;
  const room = session._id.toHexString();
  deps.timers.cancel(presenceKey(room, userId));
  const key = heldKey(room, userId, instanceId);
  const alreadyHeld = (): OpenedStream => ({ instanceId, session: withMark(session, index, {}, instanceId) });
  return heldStreams(deps).opened(key, () => markStreaming(deps, session, index, instanceId), alreadyHeld);
}

/** The session as the caller read it, the seat marked as streaming on `instanceId` (and `changes` applied). */
function withMark(
  session: StudySessionDoc,
  index: number,
  changes: Partial<SeatDoc>,
  instanceId: string,
): StudySessionDoc {
  const seats = session.seats.map((each, i) =>
    i === index ? { ...each, ...changes, streams: { ...each.streams, [instanceId]: 1 } } : each,
  );
  return { ...session, seats };
}

/** The first stream of the seat on this server: the seat is marked, and no longer away. */
async function markStreaming(
  deps: ApiDeps,
  session: StudySessionDoc,
  index: number,
  instanceId: string,
): Promise<OpenedStream | null> {
  const seat = session.seats[index];
  if (!seat) return null;
  const userId = seat.userId.toHexString();
  const roomId = session._id;
  const room = roomId.toHexString();
  if (session.status === 'active' && seat.disconnectedAt !== null) return comeBack(deps, session, userId, instanceId);
  const arrivedAt = session.status === 'active' && seat.arrivedAt === null ? deps.now() : seat.arrivedAt;
  await withRoomLock(deps.db, roomId, (lock) =>
    markSeatStreaming(lock, index, instanceId, arrivedAt !== seat.arrivedAt ? arrivedAt : undefined),
  );
  // Back within the grace period: the pending check has nothing left to do.
  if (seat.awaySince) await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
  if (openStreams(seat) === 0) await deps.bus.publish(topics.room(room), { type: 'presence', userId, online: true });
  return {
    instanceId,
    session: withMark(session, index, { awaySince: null, arrivedAt: arrivedAt ?? null }, instanceId),
  };
}

/** Back after being marked disconnected: cleared and recorded once, under the room's lock. */
async function comeBack(
  deps: ApiDeps,
  read: StudySessionDoc,
  userId: string,
  instanceId: string,
): Promise<OpenedStream | null> {
  const roomId = read._id;
  const opened = await withRoomLock(deps.db, roomId, async (lock) => {
    const session = await findStudySession(deps.db, roomId);
    const index = session ? seatIndexOf(session, userId) : -1;
    const seat = session?.seats[index];
    if (!session || !seat) return null;
    const back = session.status === 'active' && seat.disconnectedAt !== null;
    const streams = { ...seat.streams, [instanceId]: 1 };
    const counted = { ...seat, streams, awaySince: null, ...(back ? { disconnectedAt: null } : {}) };
    await setSeatStreams(lock, index, streams, { awaySince: null, ...(back ? { disconnectedAt: null } : {}) });
    if (seat.awaySince) await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
    if (back)
      await recordRoomEvent(deps, roomId, { type: 'reconnected', userId: seat.userId, username: seat.username });
    return {
      wasAway: openStreams(seat) === 0,
      session: { ...session, seats: session.seats.map((each, i) => (i === index ? counted : each)) },
    };
  });
  if (!opened) return null;
  if (opened.wasAway)
    await deps.bus.publish(topics.room(roomId.toHexString()), { type: 'presence', userId, online: true });
  return { instanceId, session: opened.session };
}
