import { z } from 'zod';

/** `<userId>:<sequence, 10 digits>`: ordered per student, so the newest and missed ones are point reads. */
export const NOTIFICATION_ID_PATTERN = /^[0-9a-f]{24}:\d{10}$/;

export const notificationIdSchema = z.string().max(40).regex(NOTIFICATION_ID_PATTERN, 'Not a valid notification id');

export const listNotificationsInput = z.object({
  /** `nextCursor` of the previous page; omit for the newest. */
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, 'Not a valid cursor')
    .nullish(),
  limit: z.number().int().min(1, 'Limit must be 1-50').max(50, 'Limit must be 1-50').default(20),
});
export type ListNotificationsInput = z.input<typeof listNotificationsInput>;

export const notificationIdInput = z.object({ id: notificationIdSchema });
