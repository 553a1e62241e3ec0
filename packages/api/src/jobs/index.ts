import { expiredSignInsJob } from './expired-sign-ins';
import { matchLineSweepJob } from './match-line-sweep';
import { plannerRemindersJob } from './planner-reminders';
import { presenceSweepJob } from './presence-sweep';
import type { Job } from './runner';
import { serverHeartbeatJob } from './server-heartbeat';
import { roomsSweepJob } from './rooms-sweep';
import { studySweepJob } from './study-sweep';

export { JobRunner, type Job } from './runner';

/** Every scheduled job; the server runs them all. */
export const allJobs: readonly Job[] = [
  serverHeartbeatJob,
  expiredSignInsJob,
  studySweepJob,
  roomsSweepJob,
  presenceSweepJob,
  plannerRemindersJob,
  matchLineSweepJob,
];
