import { findLiveAuthSession } from '@studysync/db';
import type { ApiDeps } from '../deps';

/**
 * Whether a WebSocket's sign-in still exists, asked on every call on that socket (its context
 * was built once, when it opened). One read by `_id`, remembered for a few seconds; a sign-out
 * on this server forgets it at once. Other servers learn of a sign-out within the cache time.
 */
interface Checked {
  checkedAt: number;
  expiresAt: number;
}

const caches = new WeakMap<ApiDeps, Map<string, Checked>>();
const cacheOf = (deps: ApiDeps) => {
  let cache = caches.get(deps);
  if (!cache) caches.set(deps, (cache = new Map()));
  return cache;
};

export async function isSignInLive(deps: ApiDeps, tokenHash: string): Promise<boolean> {
  const cache = cacheOf(deps);
  const now = deps.now().getTime();
  const checked = cache.get(tokenHash);
  if (checked && now - checked.checkedAt < deps.config.signInCheckCacheMs && now < checked.expiresAt) return true;
  cache.delete(tokenHash);
  const session = await findLiveAuthSession(deps.db, tokenHash, deps.now());
  if (!session) return false;
  // Bounded: a socket's entry is rewritten at most every few seconds, and dropped when stale.
  if (cache.size > 10_000) cache.clear();
  cache.set(tokenHash, { checkedAt: now, expiresAt: session.expiresAt.getTime() });
  return true;
}

/** Called by sign-out: the next call on any socket of this sign-in reads the database again. */
export function forgetSignIn(deps: ApiDeps, tokenHash: string): void {
  cacheOf(deps).delete(tokenHash);
}
