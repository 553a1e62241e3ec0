import {
  claimLiveSeat,
  findLiveSeat,
  findRoom,
  findStudySession,
  insertRoom,
  ObjectId,
  releaseLiveSeat,
  releaseRoomSeat,
  addRoomMember,
  setMemberGoal,
  type RoomDoc,
  type RoomMemberDoc,
  type RoomSubtaskRef,
  type UserDoc,
} from '@studysync/db';
import type { CreateRoomParsed, JoinRoomInput, PlannerSubtaskRef } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { DomainError, fieldError } from '../errors';
import { loadOwnedAssessment } from '../planner';
import { recordRoomEvent } from '../study';
import { dropMember, openStretch } from './attendance';
import { scheduleNext } from './cycle';
import { publishDirectory } from './directory';
import { expectBack, recordAll } from './presence';
import { isMember, memberIndexOf, newInvite, roomNotFound, visibleRoom, withRoom } from './store';

function newMember(user: UserDoc, goal: string | null, subtask: RoomSubtaskRef | null, now: Date): RoomMemberDoc {
  return {
    userId: user._id,
    username: user.username,
    goal,
    subtask,
    joinedAt: now,
    arrived: false,
    streams: {},
    // Not here until their first stream opens (presence.ts gives them the waiting grace for it).
    awaySince: now,
    mutedAt: null,
  };
}

/**
 * A planner subtask picked as the goal must be the student's own: it names the goal when no
 * text is given. Someone else's assessment is NOT_FOUND, as in the planner.
 */
async function goalOf(
  deps: ApiDeps,
  user: UserDoc,
  goal: string | undefined,
  subtask: PlannerSubtaskRef | null | undefined,
): Promise<{ goal: string | null; subtask: RoomSubtaskRef | null }> {
  if (!subtask) return { goal: goal || null, subtask: null };
  const doc = await loadOwnedAssessment(deps, user._id, subtask.assessmentId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'NOT_FOUND')
      throw fieldError('NOT_FOUND', 'subtask', 'That planner subtask was not found');
    throw error;
  });
  const found = doc.stages.flatMap((stage) => stage.subtasks).find((each) => each.id === subtask.subtaskId);
  if (!found) throw fieldError('NOT_FOUND', 'subtask', 'That planner subtask was not found');
  return { goal: goal || found.title, subtask: { assessmentId: subtask.assessmentId, subtaskId: subtask.subtaskId } };
}

/** Creates a room with its creator as host and first member; a private room gets an invite code. */
export async function createRoom(
  deps: ApiDeps,
  user: UserDoc,
  input: CreateRoomParsed,
): Promise<{ room: RoomDoc; inviteCode: string | null }> {
  const now = deps.now();
  const invite = input.visibility === 'private' ? newInvite() : null;
  const room: RoomDoc = {
    _id: new ObjectId(),
    name: input.name,
    tag: input.tag || null,
    visibility: input.visibility,
    capacity: input.capacity,
    cycle: { ...input.cycle },
    hostId: user._id,
    hostName: user.username,
    inviteHash: invite?.hash ?? null,
    status: 'open',
    createdAt: now,
    closedAt: null,
    emptySince: null,
    run: null,
    announcedSegment: 0,
    members: [newMember(user, null, null, now)],
    removed: [],
  };
  await claimSeat(deps, user._id.toHexString(), room._id);
  try {
    await insertRoom(deps.db, room);
    await scheduleNext(deps, room);
  } catch (error) {
    await releaseRoomSeat(deps.db, user._id.toHexString(), room._id);
    throw error;
  }
  await expectBack(deps, room._id, room.members[0] as RoomMemberDoc);
  await recordRoomEvent(deps, room._id, { type: 'memberJoined', userId: user._id, username: user.username });
  publishDirectory(deps);
  return { room, inviteCode: invite?.code ?? null };
}

/** A live seat left this long ago by a request cut short (nothing behind it) is free again. */
const ABANDONED_SEAT_MS = 60_000;

/**
 * One live thing per student: claims their live seat for `roomId`, or says where they are.
 * A seat whose room or session is over (a crash left it) is freed and claimed.
 */
async function claimSeat(deps: ApiDeps, userId: string, roomId: ObjectId): Promise<'claimed' | 'already'> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await claimLiveSeat(deps.db, userId, deps.now(), roomId)) return 'claimed';
    const seat = await findLiveSeat(deps.db, userId);
    if (!seat) continue;
    if (seat.roomId) {
      if (seat.roomId.equals(roomId)) return 'already';
      const other = await findRoom(deps.db, seat.roomId);
      if (other?.status === 'open' && isMember(other, userId))
        throw new DomainError('CONFLICT', `You are in the room ${other.name}: leave it first`);
      await releaseRoomSeat(deps.db, userId, seat.roomId);
      continue;
    }
    if (seat.sessionId) {
      const session = await findStudySession(deps.db, seat.sessionId);
      if (session?.status === 'active' || session?.status === 'waiting')
        throw new DomainError(
          'CONFLICT',
          session.status === 'active'
            ? 'You are in a partner session: end it first'
            : 'You are looking for a partner: stop looking first',
        );
    } else if (deps.now().getTime() - seat.since.getTime() < ABANDONED_SEAT_MS) {
      throw new DomainError('CONFLICT', 'You are looking for a partner: stop looking first');
    }
    // Over, or abandoned: free it (only if still this seat) and try again.
    await releaseLiveSeat(deps.db, userId, seat.sessionId);
  }
  throw new DomainError('CONFLICT', 'You are already in a study room or session');
}

const full = () => new DomainError('CONFLICT', 'This room is full');

/**
 * Joins a room, atomically against its capacity: the place is taken under the room's lock, so
 * 50 students joining a room of 10 at once give exactly 10 members (on any number of servers).
 * Joining again while a member changes nothing.
 */
export async function joinRoom(deps: ApiDeps, user: UserDoc, input: JoinRoomInput): Promise<RoomDoc> {
  const userId = user._id.toHexString();
  const seen = await visibleRoom(deps, input.roomId, userId, input.code);
  if (seen.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'This room has closed');
  if (isMember(seen, userId)) return seen;
  if (seen.removed.includes(userId)) throw new DomainError('FORBIDDEN', 'The host removed you from this run');
  // Most refusals of a rush into a full room need no lock.
  if (seen.members.length >= seen.capacity) throw full();
  const goal = await goalOf(deps, user, input.goal, input.subtask);
  const claimed = await claimSeat(deps, userId, seen._id);
  let joined: { room: RoomDoc; member: RoomMemberDoc; wasEmpty: boolean } | null;
  try {
    const refuse = (room: RoomDoc | null): RoomDoc => {
      if (!room) throw roomNotFound();
      if (room.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'This room has closed');
      if (isMember(room, userId)) return room;
      if (room.removed.includes(userId)) throw new DomainError('FORBIDDEN', 'The host removed you from this run');
      if (room.members.length >= room.capacity) throw full();
      return room;
    };
    joined = await withRoom(
      deps,
      seen._id,
      async (found, lock) => {
        const room = refuse(found);
        if (isMember(room, userId)) return null;
        const member = newMember(user, goal.goal, goal.subtask, deps.now());
        const running = room.run && !room.run.endedAt ? room.run : null;
        const attendees = running && !running.attendees.includes(userId) ? [...running.attendees, userId] : null;
        await addRoomMember(lock, member, attendees);
        const after: RoomDoc = {
          ...room,
          emptySince: null,
          members: [...room.members, member],
          run: running && attendees ? { ...running, attendees } : room.run,
        };
        await openStretch(deps, lock, after, member, member.joinedAt);
        if (room.emptySince) await scheduleNext(deps, after);
        return { room: after, member, wasEmpty: room.emptySince !== null };
      },
      refuse,
    );
  } catch (error) {
    if (claimed === 'claimed') await releaseRoomSeat(deps.db, userId, seen._id);
    throw error;
  }
  if (!joined) return (await findRoom(deps.db, seen._id)) ?? seen;
  await expectBack(deps, joined.room._id, joined.member);
  await recordRoomEvent(deps, joined.room._id, { type: 'memberJoined', userId: user._id, username: user.username });
  publishDirectory(deps);
  return joined.room;
}

/** The student leaves; a leaving host hands the room to the member there longest. */
export async function leaveRoom(deps: ApiDeps, userId: string, roomId: string): Promise<void> {
  const seen = await visibleRoom(deps, roomId, userId);
  await withRoom(deps, seen._id, async (room, lock) => {
    if (!room || !isMember(room, userId)) return;
    const dropped = await dropMember(deps, lock, room, userId, 'left', deps.now());
    if (!dropped) return;
    await recordAll(deps, room._id, dropped.events);
    if (dropped.room.members.length === 0) await scheduleNext(deps, dropped.room);
  });
  publishDirectory(deps);
}

/** A member sets what they are working on (text, or one of their planner subtasks). */
export async function setGoal(
  deps: ApiDeps,
  user: UserDoc,
  roomId: string,
  input: { goal: string; subtask?: PlannerSubtaskRef | null | undefined },
): Promise<RoomDoc> {
  const userId = user._id.toHexString();
  const seen = await visibleRoom(deps, roomId, userId);
  if (!isMember(seen, userId)) throw new DomainError('FORBIDDEN', 'Join the room first');
  const goal = await goalOf(deps, user, input.goal, input.subtask);
  return withRoom(deps, seen._id, async (room, lock) => {
    const index = room ? memberIndexOf(room, userId) : -1;
    if (!room || index === -1) throw new DomainError('FORBIDDEN', 'Join the room first');
    await setMemberGoal(lock, index, goal.goal, goal.subtask);
    await recordRoomEvent(deps, room._id, {
      type: 'goalSet',
      userId: user._id,
      username: user.username,
      goal: goal.goal,
    });
    return { ...room, members: room.members.map((each, i) => (i === index ? { ...each, ...goal } : each)) };
  });
}

/** The room the student is in now, or null. */
export async function currentRoom(deps: ApiDeps, userId: string): Promise<RoomDoc | null> {
  const seat = await findLiveSeat(deps.db, userId);
  if (!seat?.roomId) return null;
  const room = await findRoom(deps.db, seat.roomId);
  return room?.status === 'open' && isMember(room, userId) ? room : null;
}
