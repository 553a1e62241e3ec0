import { z } from 'zod';
import { emailSchema, passwordSchema, usernameSchema } from './auth';

/** The password the student signs in with, asked again before a change that matters. */
export const currentPasswordSchema = z
  .string({ error: 'Enter your current password' })
  .min(1, 'Enter your current password')
  .max(128, 'Password must be at most 128 characters');

export const changePasswordInput = z.object({
  currentPassword: currentPasswordSchema,
  /** The new one: the same rules as at sign-up (length here, strength on the server). */
  password: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const changeEmailInput = z.object({ email: emailSchema, currentPassword: currentPasswordSchema });
export type ChangeEmailInput = z.infer<typeof changeEmailInput>;

export const changeUsernameInput = z.object({ username: usernameSchema });
export type ChangeUsernameInput = z.infer<typeof changeUsernameInput>;

/** The words the student types to confirm deleting their account. */
export const DELETE_CONFIRMATION = 'delete my account';

export const deleteAccountInput = z.object({
  currentPassword: currentPasswordSchema,
  confirmation: z
    .string()
    .max(64)
    .refine((value) => value.trim().toLowerCase() === DELETE_CONFIRMATION, {
      message: `Type "${DELETE_CONFIRMATION}" to confirm`,
    }),
});
export type DeleteAccountInput = z.infer<typeof deleteAccountInput>;

export const sessionHistoryInput = z.object({
  /** `nextCursor` of the previous page (how many newer sessions were shown); omit for the newest. */
  cursor: z.number().int().min(0, 'Not a valid cursor').max(100_000, 'Not a valid cursor').nullish(),
  limit: z.number().int().min(1, 'Limit must be 1-50').max(50, 'Limit must be 1-50').default(20),
});
export type SessionHistoryInput = z.input<typeof sessionHistoryInput>;

/** What a deleted student is called wherever their past sessions are still shown. */
export const FORMER_STUDENT = 'former student';
