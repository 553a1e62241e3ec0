import { updateUserLogin, updateUserPassword, type LoginChange, type UserDoc } from '@studysync/db';
import type { AccountRequest } from './request';
import { assertAcceptablePassword, forgetSignedInUser } from '../auth';
import { DomainError, fieldError } from '../errors';
import { renameOnBoards } from '../progress';
import { confirmCurrentPassword } from './current-password';
import { endSignInsOf } from './sign-out-everywhere';

const gone = () => new DomainError('NOT_FOUND', 'Account not found');

/** A new password, after the current one; every other sign-in ends (a leaked one stops working). */
export async function changePassword(
  ctx: AccountRequest,
  user: UserDoc,
  input: { currentPassword: string; password: string },
): Promise<void> {
  assertAcceptablePassword(input.password, user);
  await confirmCurrentPassword(ctx, user, input.currentPassword);
  const hash = await ctx.deps.passwords.hash(input.password);
  if (!(await updateUserPassword(ctx.deps.db, user._id, hash))) throw gone();
  await endSignInsOf(ctx.deps, user._id, ctx.authTokenHash);
  await forgetSignedInUser(ctx.deps, user._id.toHexString());
}

/** A new email or username; taken ones are a CONFLICT naming the field. */
export async function changeLogin(ctx: AccountRequest, user: UserDoc, change: LoginChange): Promise<UserDoc> {
  const result = await updateUserLogin(ctx.deps.db, user._id, change);
  if (!result.ok) {
    if (result.duplicate === 'email') throw fieldError('CONFLICT', 'email', 'That email is already registered');
    if (result.duplicate === 'username') throw fieldError('CONFLICT', 'username', 'That username is taken');
    throw gone();
  }
  // Every replica's cached copy of the student goes (topics.usersChanged).
  await forgetSignedInUser(ctx.deps, user._id.toHexString());
  if ('username' in change && change.username !== user.username) {
    await renameOnBoards(ctx.deps, user._id, change.username);
  }
  return result.user;
}
