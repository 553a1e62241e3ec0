import { expiredSignInsJob } from './expired-sign-ins';
import { plannerRemindersJob } from './planner-reminders';
import type { Job } from './runner';
import { studySweepJob } from './study-sweep';

export { JobRunner, type Job } from './runner';

/** Every scheduled job; the server runs them all. */
export const allJobs: readonly Job[] = [expiredSignInsJob, studySweepJob, plannerRemindersJob];
