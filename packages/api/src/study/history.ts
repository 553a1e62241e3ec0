import { appendSessionHistory, withHistoryLock, type SeatDoc, type StudySessionDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';

/** Adds an ended session to the student's list, once, when it is wrapped up for them. */
export async function recordHistory(deps: ApiDeps, session: StudySessionDoc, seat: SeatDoc): Promise<void> {
  const userId = seat.userId.toHexString();
  await withHistoryLock(deps.db, userId, (lock) => appendSessionHistory(lock, session._id.toHexString()));
}
