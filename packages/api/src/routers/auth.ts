import { TRPCError } from '@trpc/server';
import { findUserByLogin, insertUser } from '@studysync/db';
import { loginInput, signupInput } from '@studysync/validators';
import { fieldError } from '../errors';
import { assertAcceptablePassword } from '../auth/password-rules';
import { endSession, startSession } from '../auth/sign-in';
import { reserveSignInAttempt } from '../auth/throttle';
import { take, waitFor } from '../limits';
import { toPublicUser } from '../public-user';
import { publicProcedure, router } from '../trpc';

const WRONG_CREDENTIALS = 'Wrong email/username or password';

export const authRouter = router({
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    const { deps } = ctx;
    await take(
      deps.limiters.signUpAddress,
      ctx.clientAddress,
      (ms) => `Too many new accounts from your network. Try again in ${waitFor(ms)}.`,
    );
    assertAcceptablePassword(input.password, input);
    const result = await insertUser(
      deps.db,
      {
        email: input.email,
        username: input.username,
        passwordHash: await deps.passwords.hash(input.password),
        timeZone: input.timeZone ?? 'UTC',
      },
      deps.now(),
    );
    if (!result.ok) {
      throw result.duplicate === 'email'
        ? fieldError('CONFLICT', 'email', 'That email is already registered')
        : fieldError('CONFLICT', 'username', 'That username is taken');
    }
    await startSession(deps, ctx, result.user._id);
    deps.logger.info({ userId: result.user._id.toHexString() }, 'Student signed up');
    return toPublicUser(result.user);
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const { passwords } = ctx.deps;
    const user = await findUserByLogin(ctx.deps.db, input.identifier);
    // The budget belongs to the account, whichever of its names was typed; an unknown login
    // is throttled the same way, so the throttle does not tell which logins exist.
    const account = user ? `user:${user._id.toHexString()}` : `unknown:${input.identifier.trim().toLowerCase()}`;
    const attempt = await reserveSignInAttempt(ctx.deps, ctx.clientAddress, account);
    // Unknown user and wrong password take the same time and give the same answer.
    const valid = user
      ? await passwords.verify(input.password, user.passwordHash)
      : await passwords.verifyAgainstDecoy(input.password);
    if (!user || !valid) {
      await attempt.failed();
      throw new TRPCError({ code: 'UNAUTHORIZED', message: WRONG_CREDENTIALS });
    }
    await attempt.succeeded();
    await startSession(ctx.deps, ctx, user._id);
    return toPublicUser(user);
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx.deps, ctx, ctx.authTokenHash);
    return { ok: true as const };
  }),

  me: publicProcedure.query(({ ctx }) => (ctx.user ? toPublicUser(ctx.user) : null)),
});
