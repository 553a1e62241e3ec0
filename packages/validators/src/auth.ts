import { z } from 'zod';
import { weeklyGoalHoursSchema } from './progress';
import { timeZoneSchema } from './timezone';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_]+$/;

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Username must be at least 3 characters')
  .max(20, 'Username must be at most 20 characters')
  .regex(USERNAME_PATTERN, 'Use only letters, digits and underscores');

export const passwordSchema = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .max(128, 'Password must be at most 128 characters');

export const signupInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema.optional(),
});
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z.object({
  /** Email address or username. */
  identifier: z.string().trim().min(1, 'Enter your email or username').max(254),
  password: z.string().min(1, 'Enter your password').max(128),
});
export type LoginInput = z.infer<typeof loginInput>;

export const updateSettingsInput = z
  .object({
    timeZone: timeZoneSchema,
    /** Hours of study a week the student aims for. */
    weeklyGoalHours: weeklyGoalHoursSchema,
    /** False hides the student from every leaderboard (they keep seeing their own figures). */
    showOnLeaderboard: z.boolean({ error: 'Choose whether to show you on leaderboards' }),
  })
  .partial();
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;
