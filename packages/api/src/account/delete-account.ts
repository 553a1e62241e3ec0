import {
  deleteBlockList,
  deleteSessionHistory,
  deleteUser,
  findLiveSeat,
  findSessionHistory,
  findStudySession,
  ObjectId,
  deletePlannerOwner,
  replaceSeats,
  withRoomLock,
  type UserDoc,
} from '@studysync/db';
import { FORMER_STUDENT } from '@studysync/validators';
import type { AccountRequest } from './request';
import { DomainError } from '../errors';
import type { ApiDeps } from '../deps';
import { clearedSessionCookie } from '../auth';
import { deleteAssessment, listAssessments } from '../planner';
import { deleteAllNotifications } from '../notifications';
import { forgetProgress } from '../progress';
import { confirmCurrentPassword } from './current-password';
import { endSignInsOf } from './sign-out-everywhere';

/**
 * Deletes the student and what is theirs: sign-ins first (nothing new starts), then the planner
 * (with reminders and feeds), notifications, boards and counters, history, and the account last,
 * so a deletion stopped half-way can simply be asked for again. Past sessions stay, counted for
 * their partners, with the seat renamed "former student" and its goal and check-in removed.
 */
export async function deleteAccount(ctx: AccountRequest, user: UserDoc, currentPassword: string): Promise<void> {
  const { deps } = ctx;
  await confirmCurrentPassword(ctx, user, currentPassword);
  const id = user._id.toHexString();
  if (await findLiveSeat(deps.db, id)) {
    throw new DomainError('CONFLICT', 'Finish or leave your study session first');
  }
  await endSignInsOf(deps, user._id);
  ctx.setCookie(clearedSessionCookie(deps.config.production));
  for (const assessment of await listAssessments(deps, user._id)) {
    await deleteAssessment(deps, user._id, assessment._id.toHexString());
  }
  await deletePlannerOwner(deps.db, user._id);
  await deleteAllNotifications(deps, user._id);
  await forgetProgress(deps, user._id, user.username);
  for (const sessionId of await findSessionHistory(deps.db, id)) await anonymiseSeat(deps, sessionId, user._id);
  await deleteSessionHistory(deps.db, id);
  await deleteBlockList(deps.db, id);
  await deleteUser(deps.db, user._id);
  deps.logger.info({ userId: id }, 'Student deleted their account');
}

/** The student's seat in one past session, with their name and words taken out. */
async function anonymiseSeat(deps: ApiDeps, sessionId: string, userId: ObjectId): Promise<void> {
  if (!ObjectId.isValid(sessionId)) return;
  const roomId = new ObjectId(sessionId);
  await withRoomLock(deps.db, roomId, async (lock) => {
    const session = await findStudySession(deps.db, roomId);
    if (!session) return;
    const seats = session.seats.map((seat) =>
      seat.userId.equals(userId)
        ? { ...seat, username: FORMER_STUDENT, goal: null, checkIn: null, former: true as const }
        : seat,
    );
    await replaceSeats(lock, seats);
  });
}
