import {
  findRoomPresence,
  presenceCheckId,
  releaseRoomSeat,
  removePresenceCheck,
  roomPresenceId,
  saveRoomPresence,
  setRoomFields,
  type NewRoomEvent,
  type RoomDoc,
  type RoomLock,
  type RoomMemberDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { presenceKey } from '../study';

/** Opens a presence stretch for a member of the running run (they joined, or the run started). */
export async function openStretch(
  deps: ApiDeps,
  lock: RoomLock,
  room: RoomDoc,
  member: RoomMemberDoc,
  from: Date,
): Promise<void> {
  if (!room.run || room.run.endedAt) return;
  const userId = member.userId.toHexString();
  const id = roomPresenceId(room._id, room.run.no, userId);
  const doc = (await findRoomPresence(deps.db, id)) ?? { _id: id, userId, username: member.username, stretches: [] };
  if (doc.stretches.some((stretch) => stretch.to === null)) return;
  await saveRoomPresence(lock, { ...doc, stretches: [...doc.stretches, { from, to: null, why: null }] });
}

/** Closes a member's open stretch in the running run, as of `at`. */
async function closeStretch(
  deps: ApiDeps,
  lock: RoomLock,
  room: RoomDoc,
  userId: string,
  at: Date,
  why: 'left' | 'gone' | 'removed',
): Promise<void> {
  if (!room.run || room.run.endedAt) return;
  const id = roomPresenceId(room._id, room.run.no, userId);
  const doc = await findRoomPresence(deps.db, id);
  if (!doc) return;
  const stretches = doc.stretches.map((stretch) =>
    stretch.to === null ? { ...stretch, to: new Date(Math.max(at.getTime(), stretch.from.getTime())), why } : stretch,
  );
  await saveRoomPresence(lock, { ...doc, stretches });
}

/** Who hosts once the host is gone: the member in the room longest. */
function nextHost(members: readonly RoomMemberDoc[]): RoomMemberDoc | null {
  return [...members].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())[0] ?? null;
}

/**
 * Takes a member out of the room (left, gone after the grace period, or removed by the host),
 * under the room's lock: their place is free, their presence stretch ends at `at`, their live
 * seat is released, a leaving host hands over to the longest-present member, and the last one
 * out starts the empty clock. Returns the room as written and the events to record.
 */
export async function dropMember(
  deps: ApiDeps,
  lock: RoomLock,
  room: RoomDoc,
  userId: string,
  why: 'left' | 'gone' | 'removed',
  at: Date,
): Promise<{ room: RoomDoc; events: NewRoomEvent[] } | null> {
  const member = room.members.find((each) => each.userId.toHexString() === userId);
  if (!member) return null;
  const members = room.members.filter((each) => each !== member);
  const events: NewRoomEvent[] = [
    why === 'removed'
      ? { type: 'memberRemoved', userId: member.userId, username: member.username }
      : { type: 'memberLeft', userId: member.userId, username: member.username, reason: why },
  ];
  const changes: Partial<RoomDoc> = { members };
  if (member.userId.equals(room.hostId)) {
    const host = nextHost(members);
    if (host) {
      changes.hostId = host.userId;
      changes.hostName = host.username;
      events.push({ type: 'hostChanged', userId: host.userId, username: host.username });
    }
  }
  if (members.length === 0) changes.emptySince = deps.now();
  if (why === 'removed') changes.removed = [...new Set([...room.removed, userId])];
  await setRoomFields(lock, changes);
  await closeStretch(deps, lock, room, userId, at, why);
  await releaseRoomSeat(deps.db, userId, room._id);
  deps.timers.cancel(presenceKey(room._id.toHexString(), userId));
  await removePresenceCheck(deps.db, presenceCheckId(room._id, userId));
  return { room: { ...room, ...changes }, events };
}
