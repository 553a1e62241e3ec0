import { deleteAuthSession, findAuthSessionIdsOfUser, type ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { forgetSignIn } from '../auth';
import { topics } from '../events';

/**
 * Ends the student's sign-ins (all, or all but `keep`): each one's session, and on every
 * replica its open streams, exactly as one sign-out does (`endSession`). Returns how many.
 */
export async function endSignInsOf(deps: ApiDeps, userId: ObjectId, keep: string | null = null): Promise<number> {
  const hashes = (await findAuthSessionIdsOfUser(deps.db, userId)).filter((hash) => hash !== keep);
  for (const hash of hashes) {
    await deleteAuthSession(deps.db, hash);
    forgetSignIn(deps, hash);
    await deps.bus.publish(topics.signIn(hash), { type: 'signedOut' });
  }
  if (hashes.length > 0)
    deps.logger.info({ userId: userId.toHexString(), count: hashes.length }, 'Signed out sign-ins');
  return hashes.length;
}
