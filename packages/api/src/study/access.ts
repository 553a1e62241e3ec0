import { findStudySession, ObjectId, type StudySessionDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { seatIndexOf } from './view';
import { DomainError } from '../errors';

/** The session, if the student has a seat in it; anyone else learns nothing (NOT_FOUND). */
export async function participantSession(
  deps: ApiDeps,
  sessionId: string,
  userId: string,
): Promise<{ session: StudySessionDoc; seatIndex: number }> {
  const session = await findStudySession(deps.db, new ObjectId(sessionId));
  const seatIndex = session ? seatIndexOf(session, userId) : -1;
  if (!session || seatIndex === -1) throw new DomainError('NOT_FOUND', 'Study session not found');
  return { session, seatIndex };
}
