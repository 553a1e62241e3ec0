import {
  changeEmailInput,
  changePasswordInput,
  changeUsernameInput,
  deleteAccountInput,
  sessionHistoryInput,
} from '@studysync/validators';
import {
  changeLogin,
  changePassword,
  confirmCurrentPassword,
  deleteAccount,
  endSignInsOf,
  exportAccount,
} from '../account';
import { clearedSessionCookie } from '../auth';
import { toPublicUser } from '../public-user';
import { listHistory } from '../study';
import { protectedProcedure } from '../trpc';

/**
 * The student's own account: its names, password, sign-ins, data and history. Merged into the
 * `account` router; everything acts on the signed-in student only. Changes that matter ask for
 * the current password again, which spends the sign-in throttle (account/current-password.ts).
 */
export const accountManageProcedures = {
  changePassword: protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await changePassword(ctx, ctx.user, input);
    return { ok: true as const };
  }),

  changeEmail: protectedProcedure.input(changeEmailInput).mutation(async ({ ctx, input }) => {
    await confirmCurrentPassword(ctx, ctx.user, input.currentPassword);
    return toPublicUser(await changeLogin(ctx, ctx.user, { email: input.email }));
  }),

  changeUsername: protectedProcedure
    .input(changeUsernameInput)
    .mutation(async ({ ctx, input }) => toPublicUser(await changeLogin(ctx, ctx.user, { username: input.username }))),

  /** Ends every sign-in of the student, this one included, and their streams on every server. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    const count = await endSignInsOf(ctx.deps, ctx.user._id);
    ctx.setCookie(clearedSessionCookie(ctx.deps.config.production));
    return { ok: true as const, signedOut: count };
  }),

  delete: protectedProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    await deleteAccount(ctx, ctx.user, input.currentPassword);
    return { ok: true as const };
  }),

  /** Everything kept about the student, to download as JSON. */
  export: protectedProcedure.query(({ ctx }) => exportAccount(ctx.deps, ctx.user)),

  /** Past sessions, newest first; pass `nextCursor` back as `cursor` for older ones. */
  history: protectedProcedure
    .input(sessionHistoryInput)
    .query(({ ctx, input }) => listHistory(ctx.deps, ctx.user._id, input.cursor ?? null, input.limit)),
};
