import {
  openStreams,
  presenceCheckId,
  removePresenceCheck,
  countRoomStreamOpened,
  schedulePresenceCheck,
  setRoomFields,
  type NewRoomEvent,
  type ObjectId,
  type RoomDoc,
  type RoomMemberDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { graceEnd, presenceKey, recordRoomEvent } from '../study';
import { dropMember } from './attendance';
import { scheduleNext } from './cycle';
import { publishDirectory } from './directory';
import { memberIndexOf, withRoom } from './store';

/**
 * Presence in a group room works as in a partner session (study/presence.ts): each member's open
 * streams are counted on the room's document per server; none open → away; away past the grace
 * period → gone: their place is freed and it is announced once. Back within the grace period
 * is no departure at all.
 */

/** When a member away since `awaySince` is gone: the grace period, or the (longer) wait for a first arrival. */
function goneAt(deps: ApiDeps, member: RoomMemberDoc): Date | null {
  if (!member.awaySince) return null;
  if (!member.arrived) return new Date(member.joinedAt.getTime() + deps.config.study.waitingGraceMs);
  return graceEnd(deps, member.awaySince);
}

/** Schedules the look at a member who is away, durably (any server's sweep) and locally (prompt). */
export async function expectBack(deps: ApiDeps, roomId: ObjectId, member: RoomMemberDoc): Promise<void> {
  const dueAt = goneAt(deps, member);
  if (!dueAt) return;
  const userId = member.userId.toHexString();
  await schedulePresenceCheck(deps.db, {
    _id: presenceCheckId(roomId, userId),
    sessionId: roomId,
    userId,
    dueAt,
    kind: 'room',
  });
  deps.timers.at(
    presenceKey(roomId.toHexString(), userId),
    dueAt,
    () => checkRoomPresence(deps, roomId, userId),
    (error) =>
      deps.logger.error(
        { err: error, roomId: roomId.toHexString(), userId },
        'Room presence check failed; the sweep retries',
      ),
  );
}

export interface OpenedRoomStream {
  instanceId: string;
  room: RoomDoc;
}

/** Counts a stream the member opened; null when they are not (any longer) a member. */
export async function roomStreamOpened(
  deps: ApiDeps,
  roomId: ObjectId,
  userId: string,
): Promise<OpenedRoomStream | null> {
  const instanceId = deps.instance.id;
  const opened = await withRoom(deps, roomId, async (room, lock) => {
    const index = room ? memberIndexOf(room, userId) : -1;
    const member = room?.members[index];
    if (!room || room.status !== 'open' || !member) return null;
    await countRoomStreamOpened(lock, index, instanceId);
    const counted: RoomMemberDoc = {
      ...member,
      streams: { ...member.streams, [instanceId]: (member.streams[instanceId] ?? 0) + 1 },
      awaySince: null,
      arrived: true,
    };
    return { member, room: { ...room, members: room.members.map((each, i) => (i === index ? counted : each)) } };
  });
  if (!opened) return null;
  deps.timers.cancel(presenceKey(roomId.toHexString(), userId));
  if (opened.member.awaySince) await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
  if (openStreams(opened.member) === 0)
    await deps.bus.publish(topics.room(roomId.toHexString()), { type: 'presence', userId, online: true });
  return { instanceId, room: opened.room };
}

/** Uncounts a closed stream (or, for a dead server, all of its streams: `count` Infinity) as of `at`. */
export async function roomStreamClosed(
  deps: ApiDeps,
  roomId: ObjectId,
  whose: (member: RoomMemberDoc) => boolean,
  drop: { instanceId: string; count: number; at: Date },
): Promise<void> {
  const away = await withRoom(deps, roomId, async (room, lock) => {
    if (!room || room.status !== 'open') return [];
    const left: RoomMemberDoc[] = [];
    const members = room.members.map((member) => {
      if (!whose(member)) return member;
      const { [drop.instanceId]: open = 0, ...others } = member.streams;
      const remaining = Math.max(0, open - drop.count);
      const streams = remaining > 0 ? { ...others, [drop.instanceId]: remaining } : others;
      const nowAway = openStreams(member) > 0 && openStreams({ streams }) === 0;
      const after = { ...member, streams, ...(nowAway ? { awaySince: drop.at } : {}) };
      if (nowAway) left.push(after);
      return after;
    });
    await setRoomFields(lock, { members });
    for (const member of left) await expectBack(deps, roomId, member);
    return left;
  });
  for (const member of away) {
    const userId = member.userId.toHexString();
    await deps.bus.publish(topics.room(roomId.toHexString()), { type: 'presence', userId, online: false });
  }
}

/** A server died without closing its streams: drop them as if closed when it was last heard from. */
export function dropRoomInstanceStreams(
  deps: ApiDeps,
  roomId: ObjectId,
  instance: { id: string; seenAt: Date },
): Promise<void> {
  return roomStreamClosed(deps, roomId, (member) => (member.streams[instance.id] ?? 0) > 0, {
    instanceId: instance.id,
    count: Number.POSITIVE_INFINITY,
    at: instance.seenAt,
  });
}

/** Records a room's events in order and refreshes the directory (membership changed). */
export async function recordAll(deps: ApiDeps, roomId: ObjectId, events: readonly NewRoomEvent[]): Promise<void> {
  for (const event of events) await recordRoomEvent(deps, roomId, event);
}

/**
 * A member's grace period is over: still away, they are gone as of when they left (or, never
 * having arrived, as of joining), once. Run by the local timer and by every server's sweep.
 */
export async function checkRoomPresence(deps: ApiDeps, roomId: ObjectId, userId: string): Promise<void> {
  const gone = await withRoom(deps, roomId, async (room, lock) => {
    const member = room?.members[room ? memberIndexOf(room, userId) : -1];
    if (!room || room.status !== 'open' || !member || openStreams(member) > 0 || !member.awaySince) {
      await removePresenceCheck(deps.db, presenceCheckId(roomId, userId));
      return null;
    }
    const dueAt = goneAt(deps, member);
    // Away again since, with the grace period not over: the check written then stays.
    if (!dueAt || dueAt > deps.now()) return null;
    const since = member.arrived ? member.awaySince : member.joinedAt;
    const dropped = await dropMember(deps, lock, room, userId, 'gone', since);
    if (dropped) {
      await recordAll(deps, roomId, dropped.events);
      if (dropped.room.members.length === 0) await scheduleNext(deps, dropped.room);
    }
    return dropped;
  });
  if (gone) publishDirectory(deps);
}
