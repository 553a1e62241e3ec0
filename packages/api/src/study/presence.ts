import {
  findStudySession,
  openStreams,
  presenceCheckId,
  removePresenceCheck,
  schedulePresenceCheck,
  schedulePresenceChecks,
  setSeatDisconnected,
  setSeatStreams,
  withRoomLock,
  type ObjectId,
  type SeatDoc,
} from '@studysync/db';
import { heldKey, heldStreams } from './held-streams';
import { callOffSession } from './lifecycle';
import { mayWithdraw, withdrawWaitingSession } from './match-join';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { disconnectedAsOf, graceEnd, neverArrived, presenceKey, waitingAbandoned } from './presence-rules';
import { recordRoomEvent } from './room-log';
import { seatIndexOf } from './view';

/**
 * Presence marks, on the session document itself, the servers where each student has streams
 * open (each server counts its own: held-streams.ts), so every server sees the same and a dead
 * server's can be dropped (opening one: stream-open.ts). Some open → online; none → away, and
 * after the grace period with no return, "disconnected" (stored once). Coming back clears it
 * ("reconnected", stored once).
 */
export async function streamClosed(deps: ApiDeps, roomId: ObjectId, userId: string, instanceId: string): Promise<void> {
  const key = heldKey(roomId.toHexString(), userId, instanceId);
  // The last of this server's streams for the seat: its mark goes, whatever it says.
  await heldStreams(deps).closed(key, () =>
    dropStreams(deps, roomId, (seat) => seat.userId.toHexString() === userId, {
      instanceId,
      count: Number.POSITIVE_INFINITY,
      at: deps.now(),
    }),
  );
}

/**
 * A server died without closing its streams: drop them from every live session, as if each
 * had closed when it was last heard from.
 */
export async function dropInstanceStreams(
  deps: ApiDeps,
  roomId: ObjectId,
  instance: { id: string; seenAt: Date },
): Promise<void> {
  const holds = (seat: SeatDoc) => (seat.streams[instance.id] ?? 0) > 0;
  // Most live sessions have no stream on that server: look before taking the room's lock.
  if (!(await findStudySession(deps.db, roomId))?.seats.some(holds)) return;
  await dropStreams(deps, roomId, holds, {
    instanceId: instance.id,
    count: Number.POSITIVE_INFINITY,
    at: instance.seenAt,
  });
}

async function dropStreams(
  deps: ApiDeps,
  roomId: ObjectId,
  whose: (seat: SeatDoc) => boolean,
  drop: { instanceId: string; count: number; at: Date },
): Promise<void> {
  const room = roomId.toHexString();
  const wentAway = await withRoomLock(deps.db, roomId, async (lock) => {
    const session = await findStudySession(deps.db, roomId);
    if (!session) return [];
    const away: { userId: string; checkAt: Date | null }[] = [];
    for (const [index, seat] of session.seats.entries()) {
      if (!whose(seat)) continue;
      const { [drop.instanceId]: open = 0, ...others } = seat.streams;
      const left = Math.max(0, open - drop.count);
      const streams = left > 0 ? { ...others, [drop.instanceId]: left } : others;
      const nowAway = openStreams({ ...seat, streams }) === 0 && openStreams(seat) > 0;
      await setSeatStreams(lock, index, streams, nowAway ? { awaySince: drop.at } : {});
      if (!nowAway) continue;
      const userId = seat.userId.toHexString();
      // An active session goes on to mark them disconnected, a waiting one to let their request
      // go (nobody is there to study with); the check survives a restart.
      const checkAt =
        session.status === 'active'
          ? graceEnd(deps, drop.at)
          : session.status === 'waiting'
            ? new Date(drop.at.getTime() + deps.config.study.waitingGraceMs)
            : null;
      if (checkAt)
        await schedulePresenceCheck(deps.db, {
          _id: presenceCheckId(roomId, userId),
          sessionId: roomId,
          userId,
          dueAt: checkAt,
        });
      away.push({ userId, checkAt });
    }
    return away;
  });
  for (const { userId, checkAt } of wentAway) {
    await deps.bus.publish(topics.room(room), { type: 'presence', userId, online: false });
    if (checkAt) checkLater(deps, roomId, userId, checkAt);
  }
}

function checkLater(deps: ApiDeps, roomId: ObjectId, userId: string, at: Date): void {
  const room = roomId.toHexString();
  deps.timers.at(
    presenceKey(room, userId),
    at,
    () => checkPresence(deps, roomId, userId),
    (error) => deps.logger.error({ err: error, sessionId: room, userId }, 'Checking a student’s presence failed'),
  );
}

/**
 * A student must have a stream open in the room by `dueAt` (a waiting request, a partner just
 * matched), or be let go: looked at then by this server's timer, or any server's sweep.
 */
export async function expectStream(deps: ApiDeps, roomId: ObjectId, userId: string, dueAt: Date): Promise<void> {
  await expectStreams(deps, roomId, [userId], dueAt);
}

/** `expectStream` for several students of one room at once (one bucket write, one bulk write). */
export async function expectStreams(deps: ApiDeps, roomId: ObjectId, userIds: string[], dueAt: Date): Promise<void> {
  if (userIds.length === 0) return;
  await schedulePresenceChecks(
    deps.db,
    userIds.map((userId) => ({ _id: presenceCheckId(roomId, userId), sessionId: roomId, userId, dueAt })),
  );
  for (const userId of userIds) checkLater(deps, roomId, userId, dueAt);
}

/**
 * A grace period is over. A waiting request with no stream behind it is withdrawn; a matched
 * student who never arrived calls the session off; a student still away is recorded as
 * disconnected, once, as of when they left. Run by the timer of the server that scheduled it and
 * by every server's sweep.
 */
export async function checkPresence(deps: ApiDeps, roomId: ObjectId, userId: string): Promise<void> {
  const session = await findStudySession(deps.db, roomId);
  const seat = session?.seats[seatIndexOf(session, userId)];
  const now = deps.now();
  if (session?.status === 'waiting' && seat && openStreams(seat) === 0) {
    // Not yet: another server's check, written later, is the one due.
    if (!waitingAbandoned(deps, seat, now)) return;
    if (!(await mayWithdraw(deps, roomId, { by: 'expiry', userId: seat.userId, at: now }))) return;
    await withdrawWaitingSession(deps, roomId);
    await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
    deps.logger.info({ sessionId: roomId.toHexString(), userId }, 'A waiting request had no stream behind it');
    return;
  }
  if (session?.status === 'active' && seat?.arrivedAt === null) {
    if (neverArrived(deps, seat, session.startedAt, now)) await callOffSession(deps, roomId, seat);
    return;
  }
  return checkDisconnected(deps, roomId, userId);
}

function checkDisconnected(deps: ApiDeps, roomId: ObjectId, userId: string): Promise<void> {
  return withRoomLock(deps.db, roomId, async (lock) => {
    const session = await findStudySession(deps.db, roomId);
    const index = session ? seatIndexOf(session, userId) : -1;
    const seat = session?.seats[index];
    const pending = session?.status === 'active' && seat?.awaySince && !seat.disconnectedAt;
    if (!session || !seat || !pending) return removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
    const since = disconnectedAsOf(deps, seat, deps.now());
    // Away again since, with the grace period not over yet: the check written then stays.
    if (!since) return;
    await setSeatDisconnected(lock, index, since);
    await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
    await recordRoomEvent(deps, roomId, { type: 'disconnected', userId: seat.userId, username: seat.username });
  });
}
