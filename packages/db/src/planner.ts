import { assertHeldFor, type PlannerAssessmentLock, type PlannerOwnerLock } from './lock-handles';
import type { Db, ObjectId } from 'mongodb';

/**
 * The planner keeps one document per assessment holding its four stages and their subtasks
 * (an array of objects inside an array of objects: no arrays directly in arrays). Every read
 * is by `_id`. Writers hold the assessment's lock (`withPlannerAssessmentLock`): FerretDB runs a
 * conditional update as an unisolated read-modify-write, so only a lock keeps two edits from
 * losing one another there.
 */

export interface PlannerSubtaskDoc {
  id: string;
  title: string;
  done: boolean;
  doneAt: Date | null;
  createdAt: Date;
}

export interface PlannerStageDoc {
  /** First day, inclusive (`YYYY-MM-DD`). */
  startsOn: string;
  /** The day after the last day; equal to `startsOn` for a stage with no days. */
  endsBefore: string;
  /** The student moved this end: a new due date keeps it where it still fits. */
  endChosen?: boolean;
  subtasks: PlannerSubtaskDoc[];
}

export interface PlannerAssessmentDoc {
  _id: ObjectId;
  ownerId: ObjectId;
  name: string;
  /** IANA zone whose calendar days the plan and its reminders use. */
  timeZone: string;
  dueDate: string;
  /** The first day of the plan (the student's today when it was created); re-plans keep it. */
  planStart: string;
  stages: PlannerStageDoc[];
  /** SHA-256 of the calendar feed token, when a feed is active. */
  calendarTokenHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/**
 * Per student: the ids of their assessments, so listing them is one point read plus one per
 * assessment instead of a filter FerretDB would answer by reading every student's plans.
 * Written under the student's planner lock, which is what makes the limit of 50 hold.
 */
export interface PlannerOwnerDoc {
  _id: ObjectId;
  assessmentIds: ObjectId[];
  count: number;
}

export const plannerAssessmentsCollection = (db: Db) => db.collection<PlannerAssessmentDoc>('plannerAssessments');
export const plannerOwnersCollection = (db: Db) => db.collection<PlannerOwnerDoc>('plannerOwners');

export function findPlannerAssessment(db: Db, id: ObjectId): Promise<PlannerAssessmentDoc | null> {
  return plannerAssessmentsCollection(db).findOne({ _id: id });
}

export async function insertPlannerAssessment(db: Db, doc: PlannerAssessmentDoc): Promise<void> {
  await plannerAssessmentsCollection(db).insertOne(doc);
}

/** Writes the assessment back, under its lock. */
export async function replacePlannerAssessment(lock: PlannerAssessmentLock, doc: PlannerAssessmentDoc): Promise<void> {
  assertHeldFor(lock, doc._id.equals(lock.assessmentId));
  await plannerAssessmentsCollection(lock.db).replaceOne({ _id: doc._id }, doc);
}

/** Deletes the owner's assessment, under its lock; false when there was none (or it is someone else's). */
export async function deletePlannerAssessment(lock: PlannerAssessmentLock, ownerId: ObjectId): Promise<boolean> {
  const result = await plannerAssessmentsCollection(lock.db).deleteOne({ _id: lock.assessmentId, ownerId });
  return result.deletedCount === 1;
}

/** Takes back an assessment that found no free slot (by `_id` alone: one atomic delete on both engines). */
export async function withdrawPlannerAssessment(db: Db, id: ObjectId): Promise<void> {
  await plannerAssessmentsCollection(db).deleteOne({ _id: id });
}

export async function listPlannerAssessmentIds(db: Db, ownerId: ObjectId): Promise<ObjectId[]> {
  const owner = await plannerOwnersCollection(db).findOne({ _id: ownerId });
  return owner?.assessmentIds ?? [];
}

/** Adds `id` to the owner's list unless they already have `limit`; false when full. Under the owner's lock. */
export async function reservePlannerSlot(lock: PlannerOwnerLock, id: ObjectId, limit: number): Promise<boolean> {
  const { db, ownerId } = lock;
  const ids = await listPlannerAssessmentIds(db, ownerId);
  if (ids.length >= limit) return false;
  await savePlannerOwner(db, ownerId, [...ids, id]);
  return true;
}

/** Removes `id` from the owner's list, under the owner's lock. */
export async function releasePlannerSlot(lock: PlannerOwnerLock, id: ObjectId): Promise<void> {
  const { db, ownerId } = lock;
  const ids = await listPlannerAssessmentIds(db, ownerId);
  if (ids.some((listed) => listed.equals(id))) {
    await savePlannerOwner(
      db,
      ownerId,
      ids.filter((listed) => !listed.equals(id)),
    );
  }
}

async function savePlannerOwner(db: Db, ownerId: ObjectId, assessmentIds: ObjectId[]): Promise<void> {
  await plannerOwnersCollection(db).updateOne(
    { _id: ownerId },
    { $set: { assessmentIds, count: assessmentIds.length } },
    { upsert: true },
  );
}

/** A deleted student's list of assessments (their assessments are deleted first). */
export async function deletePlannerOwner(db: Db, ownerId: ObjectId): Promise<void> {
  await plannerOwnersCollection(db).deleteOne({ _id: ownerId });
}
