import type { ApiDeps } from '../deps';
import { take, waitFor } from '../limits';
import { DomainError } from '../errors';

/**
 * OWASP's layered sign-in throttle. Every attempt is reserved *before* the password is checked
 * (an atomic consume), so a batch of guesses cannot all slip in under one reading of a counter:
 * - account + address: tight, so one address gets a handful of guesses at one account;
 * - account alone: loose, with a growing delay past a number of failures, so guesses spread over
 *   many addresses slow down while the owner, at another address, is not locked out;
 * - address alone: across accounts, so one address cannot try many accounts.
 * `account` is the account's id, or for an unknown login the normalized identifier (so an
 * unknown login is throttled exactly like a known one).
 */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

const FAILED = (ms: number) => `Too many failed sign-in attempts. Try again in ${waitFor(ms)}.`;

export async function reserveSignInAttempt(deps: ApiDeps, address: string, account: string): Promise<SignInAttempt> {
  const limiters = deps.limiters;
  const pairKey = `${account}|${address}`;
  // A delayed account costs nothing to ask about: waiting it out must not spend the budgets below.
  const delay = await limiters.signInAccountDelay.get(account);
  if (delay && delay.consumedPoints > limiters.signInAccountDelay.points && delay.msBeforeNext > 0) {
    throw new DomainError('TOO_MANY_REQUESTS', FAILED(delay.msBeforeNext));
  }
  await take(limiters.signInAddress, address, FAILED);
  await take(limiters.signInPair, pairKey, FAILED);
  const reserved = await take(limiters.signInAccount, account, FAILED);

  return {
    async succeeded() {
      await Promise.all([
        limiters.signInPair.delete(pairKey),
        limiters.signInAccount.delete(account),
        limiters.signInAccountDelay.delete(account),
        limiters.signInAddress.reward(address, 1),
      ]);
    },
    async failed() {
      const { freeFailures, maxDelayMs } = limiters.settings.signInAccount;
      const over = reserved.consumedPoints - freeFailures;
      if (over > 0) {
        // 1 s, 2 s, 4 s, ... up to the cap: guessing from many addresses gets slower and slower.
        const delayMs = Math.min(1000 * 2 ** (over - 1), maxDelayMs);
        await limiters.signInAccountDelay.block(account, Math.ceil(delayMs / 1000));
      }
      deps.logger.info({ address, attempts: reserved.consumedPoints }, 'Failed sign-in');
    },
  };
}
