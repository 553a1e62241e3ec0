import { findAbandonedLiveSeats, releaseLiveSeat } from '@studysync/db';
import { sweepDueSessions } from '../study';
import type { Job } from './runner';

/** 5-minute notices, completions and wrap-ups that no timer did (restart, another server's session). */
export const studySweepJob: Job = {
  name: 'study-sweep',
  intervalMs: (deps) => deps.config.sweepIntervalMs,
  async run(deps) {
    await sweepDueSessions(deps);
    const claimedBefore = new Date(deps.now().getTime() - 60_000);
    for (const seat of await findAbandonedLiveSeats(deps.db, claimedBefore)) {
      await releaseLiveSeat(deps.db, seat._id, null);
    }
  },
};
