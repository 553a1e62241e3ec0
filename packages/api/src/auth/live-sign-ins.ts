import { findLiveAuthSession, findUserById, type UserDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { type SignedOutEvent, TopicCache, topics } from '../events';

/**
 * Who a session token signs in, asked by every HTTP request and every WebSocket call: two reads
 * by `_id` (the sign-in, then its student), remembered per process for `signInCheckCacheMs`, so
 * a warm request reads nothing. Sign-out deletes the sign-in, forgets it here, then publishes
 * `signedOut` on its topic, which every other replica remembering it listens to: it is refused
 * everywhere at once. The student document is a copy: whoever changes it calls
 * `forgetSignedInUser`, which every replica hears on `topics.usersChanged`.
 */
export interface LiveSignIn {
  user: UserDoc;
  expiresAt: Date;
}

const caches = new WeakMap<ApiDeps, TopicCache<string, LiveSignIn, SignedOutEvent>>();
const cacheOf = (deps: ApiDeps) => {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new TopicCache({
      bus: deps.bus,
      topic: topics.signIn,
      ends: () => true,
      ttlMs: deps.config.signInCheckCacheMs,
      now: () => deps.now().getTime(),
      usableUntil: (signIn) => signIn.expiresAt.getTime(),
    });
    caches.set(deps, cache);
    // One process-wide listener: profile changes are rare, and a copy must not outlive one anywhere.
    const forgetting = cache;
    deps.bus.subscribe(topics.usersChanged, (event) => forgetUserIn(forgetting, event.userId));
  }
  return cache;
};

function forgetUserIn(cache: TopicCache<string, LiveSignIn, SignedOutEvent>, userId: string): void {
  cache.forgetWhere((signIn) => signIn.user._id.toHexString() === userId);
}

async function read(deps: ApiDeps, tokenHash: string): Promise<LiveSignIn | null> {
  const session = await findLiveAuthSession(deps.db, tokenHash, deps.now());
  const user = session && (await findUserById(deps.db, session.userId));
  return session && user ? { user, expiresAt: session.expiresAt } : null;
}

/** The sign-in and its student, if the token's sign-in exists and has not expired. */
export function liveSignIn(deps: ApiDeps, tokenHash: string): Promise<LiveSignIn | null> {
  return cacheOf(deps).get(tokenHash, () => read(deps, tokenHash));
}

export async function isSignInLive(deps: ApiDeps, tokenHash: string): Promise<boolean> {
  return (await liveSignIn(deps, tokenHash)) !== null;
}

/** Called by sign-out: the next call with this token, here, reads the database again. */
export function forgetSignIn(deps: ApiDeps, tokenHash: string): void {
  cacheOf(deps).forget(tokenHash);
}

/**
 * Called after a student's document changed: their next call reads it again, here at once and
 * on other servers as soon as they hear it (a lost publish is caught by the cache time).
 */
export async function forgetSignedInUser(deps: ApiDeps, userId: string): Promise<void> {
  forgetUserIn(cacheOf(deps), userId);
  await deps.bus.publish(topics.usersChanged, { type: 'userChanged', userId });
}
