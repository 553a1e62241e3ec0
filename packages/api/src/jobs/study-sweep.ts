import { sweepDueSessions } from '../study/lifecycle';
import type { Job } from './runner';

/**
 * 5-minute notices, completions and wrap-ups that no timer did (restart, another server's session).
 * Seats left claimed by a request cut short are freed when their student asks again (matching.ts).
 */
export const studySweepJob: Job = {
  name: 'study-sweep',
  intervalMs: (deps) => deps.config.sweepIntervalMs,
  run: sweepDueSessions,
};
