import type { ObjectId } from '@studysync/db';

/**
 * Lock keys (`withLock`) of the planner and its reminders. FerretDB runs a conditional
 * update as an unisolated read-modify-write, so whatever must be single-writer is written
 * under one of these. Nesting always goes assessment → bucket / a student's notifications
 * (notifications/store.ts), never back.
 */
export const plannerLocks = {
  /** An assessment's document, its reminders and their delivery. */
  assessment: (id: ObjectId) => `planner:${id.toHexString()}`,
  /** A student's list of assessments (the limit of 50). */
  owner: (userId: ObjectId) => `planner-owner:${userId.toHexString()}`,
  /** One hour bucket of reminders. */
  bucket: (hour: string) => `reminder-bucket:${hour}`,
} as const;
