import { deleteExpiredAuthSessions } from '@studysync/db';
import type { Job } from './runner';

export const expiredSignInsJob: Job = {
  name: 'expired-sign-ins',
  intervalMs: () => 60 * 60 * 1000,
  async run({ db, now, logger }) {
    const removed = await deleteExpiredAuthSessions(db, now());
    if (removed > 0) logger.debug({ removed }, 'Removed expired sign-in sessions');
  },
};
