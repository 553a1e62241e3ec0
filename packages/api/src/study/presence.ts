import { studySessionsCollection, type StudySessionDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events/bus';
import { recordRoomEvent } from './room-log';

/**
 * Presence counts each student's open streams on the session document itself, so every
 * server sees the same count. 1 → online; 0 → offline, and after the grace period with no
 * return, "disconnected" (stored once). Coming back clears it ("reconnected", stored once).
 */
export async function streamOpened(deps: ApiDeps, session: StudySessionDoc, seatIndex: number): Promise<void> {
  const seat = session.seats[seatIndex];
  if (!seat) return;
  const userId = seat.userId.toHexString();
  const roomId = session._id.toHexString();
  deps.timers.cancel(presenceKey(roomId, userId));
  const after = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: session._id },
    { $inc: { [`seats.${seatIndex}.connections`]: 1 } },
    { returnDocument: 'after' },
  );
  if (after?.seats[seatIndex]?.connections === 1) {
    await deps.bus.publish(topics.room(roomId), { type: 'presence', userId, online: true });
  }
  const back = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: session._id, status: 'active', [`seats.${seatIndex}.disconnectedAt`]: { $ne: null } },
    { $set: { [`seats.${seatIndex}.disconnectedAt`]: null }, $inc: { eventSeq: 1 } },
    { returnDocument: 'after' },
  );
  if (back) {
    await recordRoomEvent(deps, session._id, back.eventSeq, {
      type: 'reconnected',
      userId: seat.userId,
      username: seat.username,
    });
  }
}

export async function streamClosed(deps: ApiDeps, session: StudySessionDoc, seatIndex: number): Promise<void> {
  const seat = session.seats[seatIndex];
  if (!seat) return;
  const userId = seat.userId.toHexString();
  const roomId = session._id.toHexString();
  const after = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: session._id },
    { $inc: { [`seats.${seatIndex}.connections`]: -1 } },
    { returnDocument: 'after' },
  );
  if (!after || (after.seats[seatIndex]?.connections ?? 0) > 0) return;
  await deps.bus.publish(topics.room(roomId), { type: 'presence', userId, online: false });
  if (after.status !== 'active') return;
  const leftAt = deps.now();
  const graceEnds = new Date(leftAt.getTime() + deps.config.study.presenceGraceMs);
  deps.timers.at(
    presenceKey(roomId, userId),
    graceEnds,
    () => markDisconnected(deps, session, seatIndex, leftAt),
    (error) => deps.logger.error({ err: error, sessionId: roomId, userId }, 'Marking a student disconnected failed'),
  );
}

/** Still no connection after the grace period: record it, once, as of when they left. */
async function markDisconnected(
  deps: ApiDeps,
  session: StudySessionDoc,
  seatIndex: number,
  leftAt: Date,
): Promise<void> {
  const seat = session.seats[seatIndex];
  if (!seat) return;
  const gone = await studySessionsCollection(deps.db).findOneAndUpdate(
    {
      _id: session._id,
      status: 'active',
      [`seats.${seatIndex}.connections`]: { $lte: 0 },
      [`seats.${seatIndex}.disconnectedAt`]: null,
    },
    { $set: { [`seats.${seatIndex}.disconnectedAt`]: leftAt }, $inc: { eventSeq: 1 } },
    { returnDocument: 'after' },
  );
  if (gone) {
    await recordRoomEvent(deps, session._id, gone.eventSeq, {
      type: 'disconnected',
      userId: seat.userId,
      username: seat.username,
    });
  }
}

export const presenceKey = (roomId: string, userId: string) => `presence:${roomId}:${userId}`;
