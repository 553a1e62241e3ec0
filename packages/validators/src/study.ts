import { z } from 'zod';
import { freeText } from './free-text';

/** The lengths a student can choose: Quick Focus, Deep Study, Marathon. */
export const SESSION_LENGTHS = [25, 50, 90] as const;
export type SessionLength = (typeof SESSION_LENGTHS)[number];

/** A session counts towards a student's stats once they have studied this many minutes of it. */
export const MIN_COUNTED_MINUTES = 5;
/** That rule, in the words every page uses. */
export const COUNTED_RULE = `A session counts once you have studied ${MIN_COUNTED_MINUTES} minutes of it, with the minutes you studied; a shorter stay is not recorded.`;

export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'Not a valid id');

export const findPartnerInput = z.object({
  minutes: z.union([z.literal(25), z.literal(50), z.literal(90)], {
    error: 'Choose 25, 50 or 90 minutes',
  }),
  goal: freeText({ max: 280, maxMessage: 'Keep your goal to 280 characters', multiLine: true }).optional(),
});
export type FindPartnerInput = z.infer<typeof findPartnerInput>;

export const sessionIdInput = z.object({ sessionId: objectIdSchema });

export const sendMessageInput = z.object({
  sessionId: objectIdSchema,
  text: freeText({
    max: 2000,
    maxMessage: 'Messages can be up to 2000 characters',
    minMessage: 'Write a message first',
    multiLine: true,
  }),
});

export const historyInput = z.object({
  sessionId: objectIdSchema,
  /** Events before this id (exclusive); omit for the newest page. */
  before: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const sessionEventsInput = z.object({
  sessionId: objectIdSchema,
  lastEventId: z.string().max(32).nullish(),
});

export const checkInInput = z.object({
  sessionId: objectIdSchema,
  result: z.enum(['yes', 'partly', 'no'], { error: 'Choose yes, partly or no' }),
  note: freeText({ max: 1000, maxMessage: 'Keep the note to 1000 characters', multiLine: true }).optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;
