import type { RoomLock } from './lock-handles';
import { roomsCollection, type RoomMemberDoc, type RoomSubtaskRef } from './rooms';

/**
 * Writes to a group room's members. Each filters by `_id` ALONE (on FerretDB/SQLite a second
 * key reads every room) and takes the room lock's handle, whose room it writes: the lock is what
 * makes the read-then-write safe.
 */
const roomOf = (lock: RoomLock) => roomsCollection(lock.db);

/** A member joins; `attendees`, given, is the running run's list with them added. */
export async function addRoomMember(lock: RoomLock, member: RoomMemberDoc, attendees: string[] | null): Promise<void> {
  await roomOf(lock).updateOne(
    { _id: lock.roomId },
    {
      $push: { members: member },
      $set: { emptySince: null, ...(attendees ? { 'run.attendees': attendees } : {}) },
    },
  );
}

export async function setMemberMuted(lock: RoomLock, index: number, mutedAt: Date | null): Promise<void> {
  await roomOf(lock).updateOne({ _id: lock.roomId }, { $set: { [`members.${index}.mutedAt`]: mutedAt } });
}

export async function setMemberGoal(
  lock: RoomLock,
  index: number,
  goal: RoomMemberDoc['goal'],
  subtask: RoomSubtaskRef | null,
): Promise<void> {
  await roomOf(lock).updateOne(
    { _id: lock.roomId },
    { $set: { [`members.${index}.goal`]: goal, [`members.${index}.subtask`]: subtask } },
  );
}

/** One more stream open on `instanceId`, counted by `$inc` (no read needed under the lock). */
export async function countRoomStreamOpened(lock: RoomLock, index: number, instanceId: string): Promise<void> {
  await roomOf(lock).updateOne(
    { _id: lock.roomId },
    {
      $inc: { [`members.${index}.streams.${instanceId}`]: 1 },
      $set: { [`members.${index}.awaySince`]: null, [`members.${index}.arrived`]: true },
    },
  );
}
