import { cleanUpMatchLines } from '../study';
import type { Job } from './runner';

/** The waiting line's used slots, deleted once no walker can reach them (db/match-line-cleanup.ts). */
export const matchLineSweepJob: Job = {
  name: 'match-line-sweep',
  // Nothing is due before minutes have passed: one read per length, now and then, is enough.
  intervalMs: (deps) => Math.max(deps.config.sweepIntervalMs, 60_000),
  run: cleanUpMatchLines,
};
