import {
  putOpenRoom,
  removeOpenRoom,
  setRoomFields,
  type ObjectId,
  type RoomDoc,
  type RoomLock,
  type RoomRunDoc,
} from '@studysync/db';
import { roomPhaseAt } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { DomainError } from '../errors';
import { recordRoomEvent } from '../study';
import { creditDueBlocks, creditPending } from './credit';
import { publishDirectory } from './directory';
import { openStretch } from './attendance';
import { hostedRoom, scheduleOf, stillHosted, withRoom } from './store';

const timerKey = (id: ObjectId) => `roomTick:${id.toHexString()}`;

/**
 * Records when the room next needs looking at (its phase ends, it closes for being empty, a
 * credit is still owed) for the sweep, and sets the local timer for the first two. Under the lock.
 */
export async function scheduleNext(deps: ApiDeps, room: RoomDoc): Promise<void> {
  if (room.status !== 'open') {
    deps.timers.cancel(timerKey(room._id));
    await removeOpenRoom(deps.db, room._id);
    return;
  }
  const now = deps.now().getTime();
  const schedule = scheduleOf(room);
  const moments = [
    schedule ? roomPhaseAt(schedule, now, deps.config.study.minuteMs).endsAt : null,
    room.members.length === 0 && room.emptySince ? room.emptySince.getTime() + deps.config.rooms.emptyCloseMs : null,
  ].filter((moment): moment is number => moment !== null);
  const timerAt = moments.length > 0 ? Math.min(...moments) : null;
  // Owed credits are the sweep's to retry (a local timer would only spin while they are paid).
  const dueAt = (await creditPending(deps, room)) ? now : timerAt;
  await putOpenRoom(deps.db, {
    _id: room._id.toHexString(),
    visibility: room.visibility,
    dueAt: dueAt === null ? null : new Date(dueAt),
  });
  if (timerAt === null) deps.timers.cancel(timerKey(room._id));
  else
    deps.timers.at(
      timerKey(room._id),
      new Date(timerAt),
      () => tickRoom(deps, room._id),
      (error) =>
        deps.logger.error({ err: error, roomId: room._id.toHexString() }, 'Room tick failed; the sweep retries'),
    );
}

/**
 * Announces the room's current phase if it is not announced yet: once (the segment is stored
 * first, under the lock), and only the latest after downtime, not every phase missed.
 */
async function announceDue(deps: ApiDeps, lock: RoomLock, room: RoomDoc): Promise<RoomDoc | null> {
  const schedule = scheduleOf(room);
  if (!schedule || !room.run) return null;
  const phase = roomPhaseAt(schedule, deps.now().getTime(), deps.config.study.minuteMs);
  if (phase.segment <= room.announcedSegment) return null;
  await setRoomFields(lock, { announcedSegment: phase.segment });
  await recordRoomEvent(deps, room._id, {
    type: 'phaseChanged',
    run: room.run.no,
    segment: phase.segment,
    kind: phase.kind,
    block: phase.block,
    endsAt: new Date(phase.endsAt),
  });
  return { ...room, announcedSegment: phase.segment };
}

/** Ends the run (if one is going) as of `at`; under the lock. */
async function stopRun(deps: ApiDeps, lock: RoomLock, room: RoomDoc, at: Date): Promise<RoomDoc> {
  if (!room.run || room.run.endedAt) return room;
  const run: RoomRunDoc = { ...room.run, endedAt: at };
  await setRoomFields(lock, { run });
  await recordRoomEvent(deps, room._id, { type: 'runEnded', run: run.no });
  return { ...room, run };
}

/** Closes a room nobody has been in for `rooms.emptyCloseMs`; under the lock. */
async function closeRoom(deps: ApiDeps, lock: RoomLock, room: RoomDoc): Promise<RoomDoc> {
  const now = deps.now();
  const ended = await stopRun(deps, lock, room, now);
  const closed: RoomDoc = { ...ended, status: 'closed', closedAt: now };
  await setRoomFields(lock, { status: 'closed', closedAt: now });
  await recordRoomEvent(deps, room._id, { type: 'roomClosed' });
  await scheduleNext(deps, closed);
  deps.logger.info({ roomId: room._id.toHexString() }, 'An empty study room closed');
  return closed;
}

/**
 * Whatever is due in the room by now: closing it when empty long enough, announcing its phase,
 * crediting the focus blocks that ended. Run by the local timer at each phase end and by the
 * sweep; safe to repeat and to race on several servers.
 */
export async function tickRoom(deps: ApiDeps, id: ObjectId): Promise<void> {
  const changed = await withRoom(deps, id, async (room, lock) => {
    if (room?.status !== 'open') return false;
    const now = deps.now().getTime();
    const closeAt = room.emptySince ? room.emptySince.getTime() + deps.config.rooms.emptyCloseMs : null;
    if (room.members.length === 0 && closeAt !== null && closeAt <= now) {
      await closeRoom(deps, lock, room);
      return true;
    }
    const announced = await announceDue(deps, lock, room);
    await scheduleNext(deps, announced ?? room);
    return announced !== null;
  });
  await creditDueBlocks(deps, id);
  if (changed) publishDirectory(deps);
}

/** The host starts a run: its first focus block begins now, for everyone in the room. */
export async function startRun(deps: ApiDeps, hostId: string, roomId: string): Promise<RoomDoc> {
  const seen = await hostedRoom(deps, roomId, hostId);
  const started = await withRoom(deps, seen._id, async (found, lock) => {
    const room = stillHosted(found, hostId);
    if (scheduleOf(room)) throw new DomainError('PRECONDITION_FAILED', 'A run is already going: end it first');
    const now = deps.now();
    const run: RoomRunDoc = {
      no: (room.run?.no ?? 0) + 1,
      startedAt: now,
      skippedMs: 0,
      endedAt: null,
      attendees: room.members.map((member) => member.userId.toHexString()),
    };
    // Removed students may come back for the next run.
    const next: RoomDoc = { ...room, run, announcedSegment: 0, removed: [] };
    await setRoomFields(lock, { run, announcedSegment: 0, removed: [] });
    for (const member of room.members) await openStretch(deps, lock, next, member, now);
    await recordRoomEvent(deps, room._id, { type: 'runStarted', run: run.no, startedAt: now });
    await scheduleNext(deps, next);
    return next;
  });
  publishDirectory(deps);
  return started;
}

/**
 * The host skips the rest of a break: its remaining time is taken out of the schedule and the
 * next focus block starts now. What was due first (the break's announcement, the block before
 * it credited) is caught up, since past blocks' times move with the skip.
 */
export async function skipBreak(deps: ApiDeps, hostId: string, roomId: string): Promise<RoomDoc> {
  const seen = await hostedRoom(deps, roomId, hostId);
  await tickRoom(deps, seen._id);
  const skipped = await withRoom(deps, seen._id, async (found, lock) => {
    const room = stillHosted(found, hostId);
    const schedule = scheduleOf(room);
    if (!schedule || !room.run) throw new DomainError('PRECONDITION_FAILED', 'No run is going');
    const now = deps.now().getTime();
    const minuteMs = deps.config.study.minuteMs;
    const phase = roomPhaseAt(schedule, now, minuteMs);
    if (phase.kind === 'focus') throw new DomainError('PRECONDITION_FAILED', 'Only a break can be skipped');
    const left = phase.endsAt - now;
    const run: RoomRunDoc = { ...room.run, skippedMs: room.run.skippedMs + left };
    const next = roomPhaseAt({ ...schedule, skippedMs: run.skippedMs }, now, minuteMs);
    const after: RoomDoc = { ...room, run, announcedSegment: next.segment };
    await setRoomFields(lock, { run, announcedSegment: next.segment });
    await recordRoomEvent(deps, room._id, { type: 'breakSkipped', run: run.no, skippedMs: run.skippedMs });
    await recordRoomEvent(deps, room._id, {
      type: 'phaseChanged',
      run: run.no,
      segment: next.segment,
      kind: next.kind,
      block: next.block,
      endsAt: new Date(next.endsAt),
    });
    await scheduleNext(deps, after);
    return after;
  });
  publishDirectory(deps);
  return skipped;
}

/** The host ends the run now; the running focus block is credited up to here. */
export async function endRun(deps: ApiDeps, hostId: string, roomId: string): Promise<RoomDoc> {
  const seen = await hostedRoom(deps, roomId, hostId);
  const ended = await withRoom(deps, seen._id, async (found, lock) => {
    const room = stillHosted(found, hostId);
    if (!scheduleOf(room)) throw new DomainError('PRECONDITION_FAILED', 'No run is going');
    const after = await stopRun(deps, lock, room, deps.now());
    await scheduleNext(deps, after);
    return after;
  });
  await creditDueBlocks(deps, ended._id);
  publishDirectory(deps);
  return ended;
}
