import { applyGoalCheckIn, insertRoomCheckIn, withStatsLock, type RoomDoc, type UserDoc } from '@studysync/db';
import type { GoalResult } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { DomainError, fieldError } from '../errors';
import { editOwnedAssessment, setSubtaskDone } from '../planner';
import { canCheckIn, checkInId } from './view';
import { memberRoom } from './store';

/**
 * Whether the goal was met, once per member per run, as in partner sessions; `subtaskDone`
 * ticks the planner subtask that was the goal (it then shows as done in the planner).
 */
export async function checkInRoom(
  deps: ApiDeps,
  user: UserDoc,
  input: { roomId: string; result: GoalResult; note?: string | undefined; subtaskDone: boolean },
): Promise<RoomDoc> {
  const userId = user._id.toHexString();
  const room = await memberRoom(deps, input.roomId, userId);
  if (!canCheckIn(room, userId) || !room.run)
    throw new DomainError('PRECONDITION_FAILED', 'Check in once the run has ended');
  const member = room.members.find((each) => each.userId.equals(user._id));
  if (input.subtaskDone) {
    if (!member?.subtask) throw fieldError('BAD_REQUEST', 'subtaskDone', 'Your goal is not a planner subtask');
    const { assessmentId, subtaskId } = member.subtask;
    await editOwnedAssessment(deps, user._id, assessmentId, (doc) =>
      setSubtaskDone(doc, subtaskId, true, deps.now()),
    ).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'NOT_FOUND')
        throw fieldError('NOT_FOUND', 'subtaskDone', 'That planner subtask no longer exists');
      throw error;
    });
  }
  const saved = await insertRoomCheckIn(deps.db, {
    _id: checkInId(room, userId),
    result: input.result,
    note: input.note || null,
    at: deps.now(),
  });
  if (!saved) throw new DomainError('CONFLICT', 'You already checked in for this run');
  await withStatsLock(deps.db, userId, async (lock) => {
    await applyGoalCheckIn(lock, `${room._id.toHexString()}:${room.run?.no ?? 0}`, input.result);
    await deps.hooks.statsChanged(deps, lock, user.username);
  });
  return room;
}
