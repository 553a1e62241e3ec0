import { z } from 'zod';
import { freeText } from './free-text';
import { objectIdSchema } from './study';

export const REPORT_REASONS = ['spam', 'harassment', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_TEXT_MAX = 1000;

export const blockInput = z.object({ userId: objectIdSchema });
export type BlockInput = z.infer<typeof blockInput>;

/** A message of a room's log: the room (a partner session or a study room) and its number there. */
const messageTarget = z.object({
  kind: z.literal('message'),
  roomId: objectIdSchema,
  messageId: z.string().regex(/^\d{1,10}$/, 'Not a valid message id'),
});
const memberTarget = z.object({ kind: z.literal('member'), roomId: objectIdSchema, userId: objectIdSchema });

export const reportInput = z
  .object({
    target: z.discriminatedUnion('kind', [messageTarget, memberTarget], {
      error: 'Report a message or a member',
    }),
    reason: z.enum(REPORT_REASONS, { error: 'Choose spam, harassment or other' }),
    text: freeText({
      max: REPORT_TEXT_MAX,
      maxMessage: `Keep it to ${REPORT_TEXT_MAX} characters`,
      multiLine: true,
    }).optional(),
  })
  .superRefine((input, context) => {
    if (input.reason === 'other' && !input.text) {
      context.addIssue({ code: 'custom', path: ['text'], message: 'Say what happened' });
    }
  });
export type ReportInput = z.infer<typeof reportInput>;
