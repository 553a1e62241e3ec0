import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  findRoom,
  ObjectId,
  roomLockKey,
  withRoomLock,
  type RoomDoc,
  type RoomLock,
  type RoomRunDoc,
} from '@studysync/db';
import type { RoomRun } from '@studysync/validators';
import type { ApiDeps, RoomMembers } from '../deps';
import { DomainError } from '../errors';

/**
 * Room changes wait longer for the lock than the default: 50 students joining one room at once
 * queue on it (each holds it for a read and a write).
 */
const ROOM_LOCK = { waitMs: 30_000 } as const;

/** Per process, the tail of each room's queue of changes. */
const queues = new WeakMap<ApiDeps, Map<string, Promise<unknown>>>();

/**
 * Runs this process's changes to one room one after another, so that only one of them at a time
 * waits on the shared lock: 50 joins at once otherwise poll the lock's document together, and
 * those failed inserts are most of the work. (Never nest: a change inside a change would wait on itself.)
 */
function queued<T>(deps: ApiDeps, key: string, task: () => Promise<T>): Promise<T> {
  let rooms = queues.get(deps);
  if (!rooms) queues.set(deps, (rooms = new Map()));
  const before = rooms.get(key);
  const run = before ? before.then(task, task) : task();
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  rooms.set(key, tail);
  // `tail` never rejects (both outcomes map to undefined): nothing to report here.
  tail
    .then(() => {
      if (rooms.get(key) === tail) rooms.delete(key);
    })
    .catch(() => undefined);
  return run;
}

/**
 * Runs `task` on the room as it is now, alone: every change to a room goes through here.
 * `precheck`, given, first sees the room as read without the lock (once this process's earlier
 * changes are done) and may refuse there: a rush into a full room is mostly refused without
 * taking the shared lock at all. What it lets through is checked again under the lock.
 */
export function withRoom<T>(
  deps: ApiDeps,
  id: ObjectId,
  task: (room: RoomDoc | null, lock: RoomLock) => Promise<T>,
  precheck?: (room: RoomDoc | null) => unknown,
): Promise<T> {
  const key = roomLockKey(id);
  return queued(deps, key, async () => {
    if (precheck) precheck(await findRoom(deps.db, id));
    return withRoomLock(deps.db, id, async (lock) => task(await findRoom(deps.db, id), lock), ROOM_LOCK);
  });
}

export const roomNotFound = () => new DomainError('NOT_FOUND', 'Study room not found');

export const memberIndexOf = (room: RoomDoc, userId: string) =>
  room.members.findIndex((member) => member.userId.toHexString() === userId);

export const isMember = (room: RoomDoc, userId: string) => memberIndexOf(room, userId) !== -1;

/** A new invite code (returned to the host only) and the hash stored in its place. */
export function newInvite(): { code: string; hash: string } {
  const code = randomBytes(18).toString('base64url');
  return { code, hash: hashInvite(code) };
}

export const hashInvite = (code: string) => createHash('sha256').update(code).digest('hex');

/** Whether `code` opens the room, compared in constant time. */
export function inviteMatches(room: RoomDoc, code: string | undefined): boolean {
  if (!room.inviteHash || !code) return false;
  const given = Buffer.from(hashInvite(code), 'hex');
  const stored = Buffer.from(room.inviteHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The room, if the student may see it: a public room, one they are in, or a private one whose
 * valid invite code they hold. A private room without its code is exactly like none (NOT_FOUND).
 */
export async function visibleRoom(deps: ApiDeps, roomId: string, userId: string, code?: string): Promise<RoomDoc> {
  const room = await findRoom(deps.db, new ObjectId(roomId));
  if (!room) throw roomNotFound();
  if (room.visibility === 'public' || isMember(room, userId) || inviteMatches(room, code)) return room;
  throw roomNotFound();
}

/** The room, for one of its members; anyone else learns nothing of a private one. */
export async function memberRoom(deps: ApiDeps, roomId: string, userId: string): Promise<RoomDoc> {
  const room = await visibleRoom(deps, roomId, userId);
  if (!isMember(room, userId)) throw new DomainError('FORBIDDEN', 'Join the room first');
  return room;
}

/** The room, for its host; checked against the stored host, never anything the client sends. */
export async function hostedRoom(deps: ApiDeps, roomId: string, userId: string): Promise<RoomDoc> {
  const room = await memberRoom(deps, roomId, userId);
  if (room.hostId.toHexString() !== userId) throw new DomainError('FORBIDDEN', 'Only the host can do that');
  return room;
}

/** Re-checks under the lock what the caller checked before taking it (the room may have moved on). */
export function stillHosted(room: RoomDoc | null, userId: string): RoomDoc {
  if (!room) throw roomNotFound();
  if (room.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'This room has closed');
  if (room.hostId.toHexString() !== userId) throw new DomainError('FORBIDDEN', 'Only the host can do that');
  return room;
}

/** The running run's schedule (see `roomPhaseAt`), or null when no run is going. */
export function scheduleOf(room: Pick<RoomDoc, 'run' | 'cycle'>): RoomRun | null {
  return room.run && !room.run.endedAt ? asSchedule(room.run, room) : null;
}

/** A run's schedule as data, running or not. */
export function asSchedule(run: RoomRunDoc, room: Pick<RoomDoc, 'cycle'>): RoomRun {
  return { startedAt: run.startedAt.getTime(), skippedMs: run.skippedMs, cycle: room.cycle };
}

/**
 * The safety domain's question (`hooks.roomMembers`, wired in wiring.ts): is the student in this
 * study room, and who else is. Null when it is no study room of theirs.
 */
export async function studyRoomMembers(deps: ApiDeps, roomId: string, userId: string): Promise<RoomMembers | null> {
  if (!ObjectId.isValid(roomId)) return null;
  const room = await findRoom(deps.db, new ObjectId(roomId));
  if (!room || !isMember(room, userId)) return null;
  return {
    kind: 'room',
    roomId: room._id,
    members: room.members.map((member) => ({ userId: member.userId.toHexString(), username: member.username })),
  };
}
