import { findStudySession, ObjectId, type StudySessionDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { type RoomEvent, TopicCache, topics } from '../events';
import { seatIndexOf } from './view';
import { DomainError } from '../errors';

const notFound = () => new DomainError('NOT_FOUND', 'Study session not found');

/** The session, if the student has a seat in it; anyone else learns nothing (NOT_FOUND). */
export async function participantSession(
  deps: ApiDeps,
  sessionId: string,
  userId: string,
): Promise<{ session: StudySessionDoc; seatIndex: number }> {
  const session = await findStudySession(deps.db, new ObjectId(sessionId));
  const seatIndex = session ? seatIndexOf(session, userId) : -1;
  if (!session || seatIndex === -1) throw notFound();
  return { session, seatIndex };
}

/** A running room as chat needs it: who sits in it (fixed once it started) and until when. */
interface RunningRoom {
  id: ObjectId;
  members: readonly string[];
  endsAt: number;
}

/**
 * How long a remembered running room is trusted without reading it again. Its end is always
 * published on the room's topic (completed, ended early, partner missing), which forgets it at
 * once; this only bounds how long an end whose publish failed goes unnoticed.
 */
const RUNNING_ROOM_TRUST_MS = 60_000;

const rooms = new WeakMap<ApiDeps, TopicCache<string, RunningRoom, RoomEvent>>();
const roomsOf = (deps: ApiDeps) => {
  let cache = rooms.get(deps);
  if (!cache) {
    cache = new TopicCache({
      bus: deps.bus,
      topic: topics.room,
      ends: (event) => event.type === 'completed' || event.type === 'endedEarly' || event.type === 'partnerMissing',
      ttlMs: RUNNING_ROOM_TRUST_MS,
      now: () => deps.now().getTime(),
      // Past its end the room is read again, as the sweep may be completing it.
      usableUntil: (room) => room.endsAt,
    });
    rooms.set(deps, cache);
  }
  return cache;
};

/**
 * Whether the student sits in the session and it is running, for the chat's hot path (a
 * message, a typing hint): no database read while this process remembers the running room.
 * Someone without a seat learns nothing (NOT_FOUND), as with `participantSession`.
 */
export async function chatRoom(
  deps: ApiDeps,
  sessionId: string,
  userId: string,
): Promise<{ id: ObjectId; running: boolean }> {
  const room = await roomsOf(deps).get(sessionId, async () => {
    const read = await findStudySession(deps.db, new ObjectId(sessionId));
    if (read?.status !== 'active' || !read.endsAt) return null;
    return {
      id: read._id,
      members: read.seats.map((seat) => seat.userId.toHexString()),
      endsAt: read.endsAt.getTime(),
    };
  });
  if (room) {
    if (!room.members.includes(userId)) throw notFound();
    return { id: room.id, running: true };
  }
  // Not running (rare on this path): read what it is now.
  const { session } = await participantSession(deps, sessionId, userId);
  return { id: session._id, running: false };
}
