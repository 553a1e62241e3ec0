import { deleteAuthSession, insertAuthSession, type ObjectId } from '@studysync/db';
import type { Context } from '../context';
import { forgetSignIn } from './live-sign-ins';
import { topics } from '../events/bus';
import { clearedSessionCookie, hashSessionToken, newSessionToken, sessionCookie } from './session-token';

/** Starts a session for `userId` and hands its token to the browser as an HttpOnly cookie. */
export async function startSession(ctx: Context, userId: ObjectId): Promise<void> {
  const { db, config, now } = ctx.deps;
  const token = newSessionToken();
  const createdAt = now();
  await insertAuthSession(db, {
    _id: hashSessionToken(token),
    userId,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + config.sessionTtlMs),
  });
  ctx.setCookie(
    sessionCookie(token, { secure: config.production, maxAgeSeconds: Math.floor(config.sessionTtlMs / 1000) }),
  );
}

/** Ends this sign-in: its session, its cookie, and (on every replica) its open streams. */
export async function endSession(ctx: Context): Promise<void> {
  if (ctx.authTokenHash) {
    await deleteAuthSession(ctx.deps.db, ctx.authTokenHash);
    forgetSignIn(ctx.deps, ctx.authTokenHash);
    await ctx.deps.bus.publish(topics.signIn(ctx.authTokenHash), { type: 'signedOut' });
  }
  ctx.setCookie(clearedSessionCookie(ctx.deps.config.production));
}
