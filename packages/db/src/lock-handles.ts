import type { Db, ObjectId } from 'mongodb';
import type { BoardSlot } from './leaderboard';
import { withLock, type LockOptions } from './locks';

/**
 * Every lock key of the app, and the handles that prove a lock is held.
 *
 * Why handles: a write that is only safe under a lock (FerretDB runs conditional updates as
 * unisolated read-modify-writes, see locks.ts) takes the lock's handle as its first parameter,
 * so calling it without holding that lock does not compile. Only the `with*Lock` functions
 * below make handles; each carries the key and the ids it was taken for.
 */
declare const held: unique symbol;

/** Type-only brand: no value has it except what a `with*Lock` function hands its task. */
export interface LockHandle<Kind extends string> {
  readonly [held]: Kind;
  readonly key: string;
  /** The database the lock was taken on: writes under it go there. */
  readonly db: Db;
}

export interface RoomLock extends LockHandle<'room'> {
  /** A study session's or a group room's `_id` (they share the key space: both are rooms). */
  readonly roomId: ObjectId;
}
export interface RoomCreditLock extends LockHandle<'roomCredit'> {
  readonly roomId: ObjectId;
}
export interface StatsLock extends LockHandle<'stats'> {
  readonly userId: string;
}
export interface HistoryLock extends LockHandle<'history'> {
  readonly userId: string;
}
export interface BlocksLock extends LockHandle<'blocks'> {
  readonly userId: string;
}
export interface BoardLock extends LockHandle<'board'> {
  readonly slot: BoardSlot;
}
export interface NotificationsLock extends LockHandle<'notifications'> {
  readonly userId: ObjectId;
}
export interface PlannerAssessmentLock extends LockHandle<'plannerAssessment'> {
  readonly assessmentId: ObjectId;
}
export interface PlannerOwnerLock extends LockHandle<'plannerOwner'> {
  readonly ownerId: ObjectId;
}
export interface ReminderBucketLock extends LockHandle<'reminderBucket'> {
  readonly hour: string;
}

export const roomLockKey = (id: ObjectId) => `room:${id.toHexString()}`;
export const roomCreditLockKey = (id: ObjectId) => `roomCredit:${id.toHexString()}`;
export const statsLockKey = (userId: string) => `stats:${userId}`;
export const historyLockKey = (userId: string) => `history:${userId}`;
export const blocksLockKey = (userId: string) => `blocks:${userId}`;
export const boardLockKey = (slot: BoardSlot) => `board:${slot}`;
export const notificationsLockKey = (userId: ObjectId) => `notifications:${userId.toHexString()}`;
/** Planner keys. Nesting always goes assessment → bucket / a student's notifications, never back. */
export const plannerAssessmentLockKey = (id: ObjectId) => `planner:${id.toHexString()}`;
export const plannerOwnerLockKey = (userId: ObjectId) => `planner-owner:${userId.toHexString()}`;
export const reminderBucketLockKey = (hour: string) => `reminder-bucket:${hour}`;

function hold<H extends LockHandle<string>, T>(
  db: Db,
  fields: Omit<H, typeof held>,
  task: (lock: H) => Promise<T>,
  options?: LockOptions,
): Promise<T> {
  // The brand is type-only: this cast is the one place a handle is made.
  return withLock(db, fields.key, () => task(fields as H), options);
}

/** A study session's or a group room's document (and what is written with it), alone. */
export function withRoomLock<T>(db: Db, roomId: ObjectId, task: (lock: RoomLock) => Promise<T>, options?: LockOptions) {
  return hold<RoomLock, T>(db, { db, key: roomLockKey(roomId), roomId }, task, options);
}

/** A group room run's credit records. */
export function withRoomCreditLock<T>(
  db: Db,
  roomId: ObjectId,
  task: (lock: RoomCreditLock) => Promise<T>,
  options?: LockOptions,
) {
  return hold<RoomCreditLock, T>(db, { db, key: roomCreditLockKey(roomId), roomId }, task, options);
}

/** A student's study counters and progress. */
export function withStatsLock<T>(db: Db, userId: string, task: (lock: StatsLock) => Promise<T>) {
  return hold<StatsLock, T>(db, { db, key: statsLockKey(userId), userId }, task);
}

/** A student's list of past sessions. */
export function withHistoryLock<T>(db: Db, userId: string, task: (lock: HistoryLock) => Promise<T>) {
  return hold<HistoryLock, T>(db, { db, key: historyLockKey(userId), userId }, task);
}

/** A student's block list. */
export function withBlocksLock<T>(db: Db, userId: string, task: (lock: BlocksLock) => Promise<T>) {
  return hold<BlocksLock, T>(db, { db, key: blocksLockKey(userId), userId }, task);
}

/** One leaderboard slot. */
export function withBoardLock<T>(db: Db, slot: BoardSlot, task: (lock: BoardLock) => Promise<T>) {
  return hold<BoardLock, T>(db, { db, key: boardLockKey(slot), slot }, task);
}

/** A student's notifications and their counter. */
export function withNotificationsLock<T>(db: Db, userId: ObjectId, task: (lock: NotificationsLock) => Promise<T>) {
  return hold<NotificationsLock, T>(db, { db, key: notificationsLockKey(userId), userId }, task);
}

/** An assessment's document, its reminders and their delivery. */
export function withPlannerAssessmentLock<T>(
  db: Db,
  assessmentId: ObjectId,
  task: (lock: PlannerAssessmentLock) => Promise<T>,
) {
  return hold<PlannerAssessmentLock, T>(db, { db, key: plannerAssessmentLockKey(assessmentId), assessmentId }, task);
}

/** A student's list of assessments (the limit of 50). */
export function withPlannerOwnerLock<T>(db: Db, ownerId: ObjectId, task: (lock: PlannerOwnerLock) => Promise<T>) {
  return hold<PlannerOwnerLock, T>(db, { db, key: plannerOwnerLockKey(ownerId), ownerId }, task);
}

/** One hour bucket of reminders. */
export function withReminderBucketLock<T>(db: Db, hour: string, task: (lock: ReminderBucketLock) => Promise<T>) {
  return hold<ReminderBucketLock, T>(db, { db, key: reminderBucketLockKey(hour), hour }, task);
}

/** A cheap check that a handle is used for what it was taken for: a mismatch is a bug. */
export function assertHeldFor(lock: LockHandle<string>, matches: boolean): void {
  if (!matches) throw new Error(`Holding lock ${lock.key}, which does not guard what is being written`);
}
