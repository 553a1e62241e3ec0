import { authSessionIndexes } from './auth-sessions';
import { dueSessionIndexes } from './due-sessions';
import type { IndexDeclaration } from './indexes';
import { presenceCheckIndexes } from './presence-checks';
import { PROGRESS_COLLECTION } from './progress';
import { userIndexes } from './users';

/** Every index the queries in this package rely on. */
export const allIndexes: readonly IndexDeclaration[] = [
  ...userIndexes,
  ...authSessionIndexes,
  ...dueSessionIndexes,
  ...presenceCheckIndexes,
];

/** Every collection this package writes to, created at start-up. */
export const allCollections: readonly string[] = [
  'users',
  'authSessions',
  'studySessions',
  'roomEvents',
  'roomLogHeads',
  'locks',
  'matchTickets',
  'liveSeats',
  'dueSessions',
  'presenceChecks',
  'dueBuckets',
  'serverInstances',
  'studyStats',
  'boards',
  'boardRanges',
  'boardMembers',
  PROGRESS_COLLECTION,
  'plannerAssessments',
  'plannerOwners',
  'reminders',
  'reminderBuckets',
  'reminderClock',
  'notifications',
  'notificationCounters',
  'calendarFeeds',
  'sessionHistory',
  'rooms',
  'openRooms',
  'roomPresence',
  'roomCredits',
  'roomCheckIns',
  'blocks',
  'reports',
];
