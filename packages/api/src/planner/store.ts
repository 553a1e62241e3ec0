import {
  findPlannerAssessment,
  ObjectId,
  replacePlannerAssessment,
  withPlannerAssessmentLock,
  type PlannerAssessmentDoc,
  type PlannerAssessmentLock,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { cloneAssessment } from './edits';
import { DomainError } from '../errors';

export const assessmentNotFound = () => new DomainError('NOT_FOUND', 'Assessment not found');

/** The student's assessment; someone else's behaves exactly like one that does not exist. */
export async function loadOwnedAssessment(deps: ApiDeps, ownerId: ObjectId, id: string): Promise<PlannerAssessmentDoc> {
  const doc = await findPlannerAssessment(deps.db, new ObjectId(id));
  if (!doc || !doc.ownerId.equals(ownerId)) throw assessmentNotFound();
  return doc;
}

/**
 * Runs `task` on the student's assessment under its lock, so it sees and writes the latest
 * version alone. Ownership is checked before locking, so another student's ids touch nothing.
 */
export async function withOwnedAssessment<T>(
  deps: ApiDeps,
  ownerId: ObjectId,
  id: string,
  task: (doc: PlannerAssessmentDoc, lock: PlannerAssessmentLock) => Promise<T>,
): Promise<T> {
  const found = await loadOwnedAssessment(deps, ownerId, id);
  return withPlannerAssessmentLock(deps.db, found._id, async (lock) =>
    task(await loadOwnedAssessment(deps, ownerId, id), lock),
  );
}

/**
 * Applies `edit` to a copy of the student's assessment and writes it back, under its lock;
 * `then` runs under the same lock with the result (re-planning its reminders, say). An edit
 * that throws (bad input) writes nothing.
 */
export async function editOwnedAssessment(
  deps: ApiDeps,
  ownerId: ObjectId,
  id: string,
  edit: (doc: PlannerAssessmentDoc) => void,
  then?: (after: PlannerAssessmentDoc, lock: PlannerAssessmentLock) => Promise<void>,
): Promise<{ before: PlannerAssessmentDoc; after: PlannerAssessmentDoc }> {
  return withOwnedAssessment(deps, ownerId, id, async (before, lock) => {
    const after = cloneAssessment(before);
    edit(after);
    after.version = before.version + 1;
    after.updatedAt = deps.now();
    await replacePlannerAssessment(lock, after);
    await then?.(after, lock);
    return { before, after };
  });
}
