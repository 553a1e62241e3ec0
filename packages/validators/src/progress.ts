import { z } from 'zod';

/** The weekly study goal, in hours: what a student may choose and what they start with. */
export const WEEKLY_GOAL_HOURS = { min: 1, max: 80, default: 10 } as const;

const GOAL_MESSAGE = `Choose a whole number of hours from ${WEEKLY_GOAL_HOURS.min} to ${WEEKLY_GOAL_HOURS.max}`;

export const weeklyGoalHoursSchema = z
  .number({ error: GOAL_MESSAGE })
  .int(GOAL_MESSAGE)
  .min(WEEKLY_GOAL_HOURS.min, GOAL_MESSAGE)
  .max(WEEKLY_GOAL_HOURS.max, GOAL_MESSAGE);

/**
 * The one week rule, stated on every page that shows a week: the weekly goal counts the same
 * week as the leaderboard, which is one week for everyone.
 */
export const WEEK_RULE =
  'Weeks run from Monday 00:00 UTC to the next Monday, the same for everyone, on your weekly goal and on the leaderboard.';

/** The leaderboards: this ISO week (from Monday 00:00 UTC), this calendar month (UTC), all time. */
export const BOARD_KINDS = ['week', 'month', 'all'] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

/** How many students a board lists. */
export const BOARD_SIZE = 50;

export const boardInput = z.object({
  board: z.enum(BOARD_KINDS, { error: 'Choose week, month or all' }),
});
export type BoardInput = z.infer<typeof boardInput>;

export const boardLiveInput = boardInput.extend({
  /** Sent back by the client on reconnect; the stream always starts with the current board. */
  lastEventId: z.string().max(64).nullish(),
});
