import type { UserDoc } from '@studysync/db';
import type { AccountRequest } from './request';
import { reserveSignInAttempt } from '../auth';
import { fieldError } from '../errors';

/**
 * Asks for the student's password again before a change that matters. A wrong one is a guess
 * like a wrong sign-in: it spends the same throttle (this account, this address), so an open
 * tab cannot be used to try passwords faster than the sign-in page allows.
 */
export async function confirmCurrentPassword(ctx: AccountRequest, user: UserDoc, password: string): Promise<void> {
  const attempt = await reserveSignInAttempt(ctx.deps, ctx.clientAddress, `user:${user._id.toHexString()}`);
  if (!(await ctx.deps.passwords.verify(password, user.passwordHash))) {
    await attempt.failed();
    throw fieldError('BAD_REQUEST', 'currentPassword', 'That is not your current password');
  }
  await attempt.succeeded();
}
