import { TRPCError } from '@trpc/server';
import { findUserByLogin, insertUser } from '@studysync/db';
import { loginInput, signupInput } from '@studysync/validators';
import { fieldError } from '../errors';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../auth/password';
import { endSession, startSession } from '../auth/sign-in';
import { assertNotThrottled, noteFailedLogin, noteSuccessfulLogin } from '../auth/throttle';
import { toPublicUser } from '../public-user';
import { publicProcedure, router } from '../trpc';

const WRONG_CREDENTIALS = 'Wrong email/username or password';

export const authRouter = router({
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    const result = await insertUser(
      ctx.deps.db,
      {
        email: input.email,
        username: input.username,
        passwordHash: await hashPassword(input.password),
        timeZone: input.timeZone ?? 'UTC',
      },
      ctx.deps.now(),
    );
    if (!result.ok) {
      throw result.duplicate === 'email'
        ? fieldError('CONFLICT', 'email', 'That email is already registered')
        : fieldError('CONFLICT', 'username', 'That username is taken');
    }
    await startSession(ctx, result.user._id);
    ctx.deps.logger.info({ userId: result.user._id.toHexString() }, 'Student signed up');
    return toPublicUser(result.user);
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    await assertNotThrottled(ctx, input.identifier);
    const user = await findUserByLogin(ctx.deps.db, input.identifier);
    // Unknown user and wrong password take the same time and give the same answer.
    const valid = user
      ? await verifyPassword(input.password, user.passwordHash)
      : await verifyAgainstDecoy(input.password);
    if (!user || !valid) {
      await noteFailedLogin(ctx, input.identifier);
      throw new TRPCError({ code: 'UNAUTHORIZED', message: WRONG_CREDENTIALS });
    }
    await noteSuccessfulLogin(ctx, input.identifier);
    await startSession(ctx, user._id);
    return toPublicUser(user);
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx);
    return { ok: true as const };
  }),

  me: publicProcedure.query(({ ctx }) => (ctx.user ? toPublicUser(ctx.user) : null)),
});
