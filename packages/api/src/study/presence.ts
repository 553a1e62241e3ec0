import { findStudySession, roomLockKey, studySessionsCollection, withLock, type ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events/bus';
import { recordRoomEvent } from './room-log';
import { seatIndexOf } from './view';

export const presenceKey = (roomId: string, userId: string) => `presence:${roomId}:${userId}`;

/**
 * Presence counts each student's open streams on the session document itself, so every
 * server sees the same count. 1 → online; 0 → offline, and after the grace period with no
 * return, "disconnected" (stored once). Coming back clears it ("reconnected", stored once).
 */
export async function streamOpened(deps: ApiDeps, roomId: ObjectId, userId: string): Promise<void> {
  const room = roomId.toHexString();
  deps.timers.cancel(presenceKey(room, userId));
  const change = await withLock(deps.db, roomLockKey(roomId), async () => {
    const session = await findStudySession(deps.db, roomId);
    const index = session ? seatIndexOf(session, userId) : -1;
    const seat = session?.seats[index];
    if (!session || !seat) return undefined;
    const back = session.status === 'active' && seat.disconnectedAt !== null;
    await studySessionsCollection(deps.db).updateOne(
      { _id: roomId },
      {
        $set: {
          [`seats.${index}.connections`]: seat.connections + 1,
          ...(back ? { [`seats.${index}.disconnectedAt`]: null } : {}),
        },
      },
    );
    if (back)
      await recordRoomEvent(deps, roomId, { type: 'reconnected', userId: seat.userId, username: seat.username });
    return { online: seat.connections === 0 };
  });
  if (change?.online) await deps.bus.publish(topics.room(room), { type: 'presence', userId, online: true });
}

export async function streamClosed(deps: ApiDeps, roomId: ObjectId, userId: string): Promise<void> {
  const room = roomId.toHexString();
  const change = await withLock(deps.db, roomLockKey(roomId), async () => {
    const session = await findStudySession(deps.db, roomId);
    const index = session ? seatIndexOf(session, userId) : -1;
    const seat = session?.seats[index];
    if (!session || !seat) return undefined;
    const connections = Math.max(0, seat.connections - 1);
    await studySessionsCollection(deps.db).updateOne(
      { _id: roomId },
      { $set: { [`seats.${index}.connections`]: connections } },
    );
    return { offline: connections === 0, active: session.status === 'active' };
  });
  if (!change?.offline) return;
  await deps.bus.publish(topics.room(room), { type: 'presence', userId, online: false });
  if (!change.active) return;
  const leftAt = deps.now();
  deps.timers.at(
    presenceKey(room, userId),
    new Date(leftAt.getTime() + deps.config.study.presenceGraceMs),
    () => markDisconnected(deps, roomId, userId, leftAt),
    (error) => deps.logger.error({ err: error, sessionId: room, userId }, 'Marking a student disconnected failed'),
  );
}

/** Still no connection after the grace period: record it, once, as of when they left. */
function markDisconnected(deps: ApiDeps, roomId: ObjectId, userId: string, leftAt: Date): Promise<void> {
  return withLock(deps.db, roomLockKey(roomId), async () => {
    const session = await findStudySession(deps.db, roomId);
    const index = session ? seatIndexOf(session, userId) : -1;
    const seat = session?.seats[index];
    if (session?.status !== 'active' || !seat || seat.connections > 0 || seat.disconnectedAt) return;
    await studySessionsCollection(deps.db).updateOne(
      { _id: roomId },
      { $set: { [`seats.${index}.disconnectedAt`]: leftAt } },
    );
    await recordRoomEvent(deps, roomId, { type: 'disconnected', userId: seat.userId, username: seat.username });
  });
}
