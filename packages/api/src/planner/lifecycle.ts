import {
  deleteCalendarFeed,
  deletePlannerAssessment,
  findPlannerAssessment,
  insertPlannerAssessment,
  listPlannerAssessmentIds,
  ObjectId,
  releasePlannerSlot,
  reservePlannerSlot,
  withdrawPlannerAssessment,
  withPlannerAssessmentLock,
  withPlannerOwnerLock,
  type PlannerAssessmentDoc,
} from '@studysync/db';
import { PLANNER_LIMITS } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { localDay } from '../dates';
import { assertDueDate } from './edits';
import { planStages } from './split';
import { withOwnedAssessment } from './store';
import { DomainError } from '../errors';

export interface NewAssessment {
  name: string;
  dueDate: string;
  timeZone: string;
}

/**
 * Creates a planned assessment. The document goes in first and only then takes one of the
 * student's slots (under their planner lock, so 50 holds under races); if no slot is free it
 * is removed again. So every listed id points at an assessment that exists or did.
 */
export async function createAssessment(
  deps: ApiDeps,
  ownerId: ObjectId,
  input: NewAssessment,
): Promise<PlannerAssessmentDoc> {
  const now = deps.now();
  assertDueDate(input.dueDate, localDay(input.timeZone, now));
  const stages = planStages(now, input.timeZone, input.dueDate);
  const doc: PlannerAssessmentDoc = {
    _id: new ObjectId(),
    ownerId,
    name: input.name,
    timeZone: input.timeZone,
    dueDate: input.dueDate,
    planStart: stages[0]?.startsOn ?? input.dueDate,
    stages: stages.map((stage) => ({ startsOn: stage.startsOn, endsBefore: stage.endsBefore, subtasks: [] })),
    calendarTokenHash: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await insertPlannerAssessment(deps.db, doc);
  const limit = PLANNER_LIMITS.assessmentsPerStudent;
  if (!(await withPlannerOwnerLock(deps.db, ownerId, (lock) => reservePlannerSlot(lock, doc._id, limit)))) {
    await withdrawPlannerAssessment(deps.db, doc._id);
    throw new DomainError(
      'UNPROCESSABLE_CONTENT',
      `You can plan at most ${limit} assessments; delete one you have finished to add another`,
    );
  }
  await withPlannerAssessmentLock(deps.db, doc._id, (lock) => deps.hooks.assessmentChanged(deps, lock, doc));
  return doc;
}

/** The student's assessments, soonest due first. Ids whose assessment is gone are tidied away. */
export async function listAssessments(deps: ApiDeps, ownerId: ObjectId): Promise<PlannerAssessmentDoc[]> {
  const ids = await listPlannerAssessmentIds(deps.db, ownerId);
  const docs = await Promise.all(ids.map((id) => findPlannerAssessment(deps.db, id)));
  const found = docs.filter((doc): doc is PlannerAssessmentDoc => doc !== null);
  const gone = ids.filter((_, index) => docs[index] === null);
  // A deletion that stopped half-way: the document went first, the list entry was left.
  for (const id of gone) await withPlannerOwnerLock(deps.db, ownerId, (lock) => releasePlannerSlot(lock, id));
  return found.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.createdAt.getTime() - b.createdAt.getTime());
}

/** Deletes the assessment with its stages and subtasks (one document), its reminders, notifications and feed. */
export async function deleteAssessment(deps: ApiDeps, ownerId: ObjectId, id: string): Promise<void> {
  const doc = await withOwnedAssessment(deps, ownerId, id, async (current, lock) => {
    await deletePlannerAssessment(lock, ownerId);
    await deps.hooks.assessmentDeleted(deps, lock, current);
    return current;
  });
  await withPlannerOwnerLock(deps.db, ownerId, (lock) => releasePlannerSlot(lock, doc._id));
  if (doc.calendarTokenHash) await deleteCalendarFeed(deps.db, doc.calendarTokenHash);
}
