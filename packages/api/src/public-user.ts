import type { UserDoc } from '@studysync/db';
import { WEEKLY_GOAL_HOURS } from '@studysync/validators';

/** What any client may see of the signed-in student: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  username: string;
  timeZone: string;
  createdAt: string;
  /** Hours of study a week the student aims for (1-80, default 10). */
  weeklyGoalHours: number;
  /** Whether the student appears on leaderboards (default true). */
  showOnLeaderboard: boolean;
}

export function toPublicUser(user: UserDoc): PublicUser {
  return {
    id: user._id.toHexString(),
    email: user.email,
    username: user.username,
    timeZone: user.timeZone,
    createdAt: user.createdAt.toISOString(),
    // Accounts from before these settings get the defaults.
    weeklyGoalHours: user.weeklyGoalHours ?? WEEKLY_GOAL_HOURS.default,
    showOnLeaderboard: !(user.hideFromLeaderboard ?? false),
  };
}
