import { sweepReminders } from '../reminders';
import type { Job } from './runner';

/** Planner reminders: delivers what came due since the last run (or since the server was down). */
export const plannerRemindersJob: Job = {
  name: 'planner-reminders',
  intervalMs: (deps) => deps.config.sweepIntervalMs,
  run: sweepReminders,
};
