import { deleteAuthSession, insertAuthSession, type ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { forgetSignIn } from './live-sign-ins';
import { clearedSessionCookie, hashSessionToken, newSessionToken, sessionCookie } from './session-token';

/** Where a sign-in's cookie goes: the HTTP response (a WebSocket call cannot set one). */
export interface CookieWriter {
  setCookie(cookie: string): void;
}

/** Starts a session for `userId` and hands its token to the browser as an HttpOnly cookie. */
export async function startSession(deps: ApiDeps, response: CookieWriter, userId: ObjectId): Promise<void> {
  const { db, config, now } = deps;
  const token = newSessionToken();
  const createdAt = now();
  await insertAuthSession(db, {
    _id: hashSessionToken(token),
    userId,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + config.sessionTtlMs),
  });
  response.setCookie(
    sessionCookie(token, { secure: config.production, maxAgeSeconds: Math.floor(config.sessionTtlMs / 1000) }),
  );
}

/** Ends the sign-in `authTokenHash` (if any): its session, its cookie, and (on every replica) its open streams. */
export async function endSession(deps: ApiDeps, response: CookieWriter, authTokenHash: string | null): Promise<void> {
  if (authTokenHash) {
    await deleteAuthSession(deps.db, authTokenHash);
    forgetSignIn(deps, authTokenHash);
    await deps.bus.publish(topics.signIn(authTokenHash), { type: 'signedOut' });
  }
  response.setCookie(clearedSessionCookie(deps.config.production));
}
