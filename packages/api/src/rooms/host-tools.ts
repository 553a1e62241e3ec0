import { setMemberMuted, setRoomFields, type RoomDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { DomainError, fieldError } from '../errors';
import { recordRoomEvent } from '../study';
import { dropMember } from './attendance';
import { publishDirectory } from './directory';
import { recordAll } from './presence';
import { hostedRoom, isMember, memberIndexOf, newInvite, stillHosted, withRoom } from './store';

// What only a room's host may do: each checks the stored host, first on the room as read and
// again under its lock.

/** The host removes a member: their streams end, and they cannot rejoin this run. */
export async function removeMember(deps: ApiDeps, hostId: string, roomId: string, userId: string): Promise<RoomDoc> {
  const seen = await hostedRoom(deps, roomId, hostId);
  if (userId === hostId)
    throw fieldError('BAD_REQUEST', 'userId', 'You cannot remove yourself: leave the room instead');
  const after = await withRoom(deps, seen._id, async (found, lock) => {
    const room = stillHosted(found, hostId);
    if (!isMember(room, userId)) throw fieldError('NOT_FOUND', 'userId', 'That student is not in this room');
    const dropped = await dropMember(deps, lock, room, userId, 'removed', deps.now());
    if (!dropped) return room;
    await recordAll(deps, room._id, dropped.events);
    return dropped.room;
  });
  publishDirectory(deps);
  return after;
}

/** The host mutes (or unmutes) a member: they still read, but cannot send. */
export async function setMuted(
  deps: ApiDeps,
  hostId: string,
  roomId: string,
  userId: string,
  muted: boolean,
): Promise<RoomDoc> {
  const seen = await hostedRoom(deps, roomId, hostId);
  if (userId === hostId) throw fieldError('BAD_REQUEST', 'userId', 'You cannot mute yourself');
  return withRoom(deps, seen._id, async (found, lock) => {
    const room = stillHosted(found, hostId);
    const index = memberIndexOf(room, userId);
    const member = room.members[index];
    if (!member) throw fieldError('NOT_FOUND', 'userId', 'That student is not in this room');
    if ((member.mutedAt !== null) === muted) return room;
    const mutedAt = muted ? deps.now() : null;
    await setMemberMuted(lock, index, mutedAt);
    await recordRoomEvent(deps, room._id, {
      type: 'memberMuted',
      userId: member.userId,
      username: member.username,
      muted,
    });
    return { ...room, members: room.members.map((each, i) => (i === index ? { ...each, mutedAt } : each)) };
  });
}

/** A new invite code for a private room (the old one stops working); null `code`: invites revoked. */
export async function changeInvite(
  deps: ApiDeps,
  hostId: string,
  roomId: string,
  action: 'rotate' | 'revoke',
): Promise<{ inviteCode: string | null }> {
  const seen = await hostedRoom(deps, roomId, hostId);
  if (seen.visibility !== 'private') throw new DomainError('PRECONDITION_FAILED', 'A public room needs no invite link');
  return withRoom(deps, seen._id, async (found, lock) => {
    // Refuses when they no longer host it.
    stillHosted(found, hostId);
    const invite = action === 'rotate' ? newInvite() : null;
    await setRoomFields(lock, { inviteHash: invite?.hash ?? null });
    return { inviteCode: invite?.code ?? null };
  });
}
