import { TRPCError } from '@trpc/server';
import { ObjectId, type PlannerAssessmentDoc, type PlannerStageDoc, type PlannerSubtaskDoc } from '@studysync/db';
import { PLANNER_LIMITS } from '@studysync/validators';
import { fieldError } from '../errors';
import { addDays, daysBetween } from './days';
import { splitIntoStages } from './split';

/**
 * Changes to one assessment, applied to a private copy that the store then writes back
 * only if nobody else changed it meanwhile. They throw typed errors and never touch the db.
 */

export function cloneAssessment(doc: PlannerAssessmentDoc): PlannerAssessmentDoc {
  return {
    ...doc,
    stages: doc.stages.map((stage) => ({ ...stage, subtasks: stage.subtasks.map((subtask) => ({ ...subtask })) })),
  };
}

/** A due date must not have passed (it is due by the end of that day) and must be within reach. */
export function assertDueDate(dueDate: string, today: string): void {
  if (dueDate < today) throw fieldError('BAD_REQUEST', 'dueDate', `Pick a due date from today (${today}) on`);
  if (daysBetween(today, dueDate) > PLANNER_LIMITS.maxDaysAhead) {
    throw fieldError('BAD_REQUEST', 'dueDate', 'Pick a due date within the next two years');
  }
}

/** Fresh stages from `start` through `dueDate`; subtasks stay in their stage. */
export function replan(doc: PlannerAssessmentDoc, dueDate: string): void {
  const planned = splitIntoStages(doc.planStart, dueDate);
  doc.dueDate = dueDate;
  doc.stages = planned.map((stage, index) => ({
    startsOn: stage.startsOn,
    endsBefore: stage.endsBefore,
    subtasks: doc.stages[index]?.subtasks ?? [],
  }));
}

function stageAt(doc: PlannerAssessmentDoc, index: number): PlannerStageDoc {
  const stage = doc.stages[index];
  if (!stage) throw fieldError('BAD_REQUEST', 'stageIndex', `No stage ${index}`);
  return stage;
}

/**
 * Moves stage `index`'s last day to `endDate`; the next stage then starts the day after.
 * Both must keep at least one day.
 */
export function moveStageEnd(doc: PlannerAssessmentDoc, index: number, endDate: string): void {
  const stage = stageAt(doc, index);
  const next = doc.stages[index + 1];
  if (!next)
    throw fieldError('BAD_REQUEST', 'stageIndex', 'The last stage ends on the due date; change the due date instead');
  const earliest = stage.startsOn;
  const latest = addDays(next.endsBefore, -2);
  if (endDate < earliest || endDate > latest) {
    throw fieldError(
      'BAD_REQUEST',
      'endDate',
      earliest > latest
        ? 'This stage cannot move: the next stage has no day to spare'
        : `Pick an end date from ${earliest} to ${latest}, so both stages keep at least one day`,
    );
  }
  stage.endsBefore = addDays(endDate, 1);
  next.startsOn = stage.endsBefore;
}

export function addSubtask(doc: PlannerAssessmentDoc, stageIndex: number, title: string, now: Date): PlannerSubtaskDoc {
  const stage = stageAt(doc, stageIndex);
  if (stage.subtasks.length >= PLANNER_LIMITS.subtasksPerStage) {
    throw new TRPCError({
      code: 'UNPROCESSABLE_CONTENT',
      message: `A stage can hold at most ${PLANNER_LIMITS.subtasksPerStage} subtasks; delete some to add more`,
    });
  }
  const subtask: PlannerSubtaskDoc = {
    id: new ObjectId().toHexString(),
    title,
    done: false,
    doneAt: null,
    createdAt: now,
  };
  stage.subtasks.push(subtask);
  return subtask;
}

interface Located {
  stage: PlannerStageDoc;
  index: number;
  subtask: PlannerSubtaskDoc;
}

function locate(doc: PlannerAssessmentDoc, subtaskId: string): Located {
  for (const stage of doc.stages) {
    const index = stage.subtasks.findIndex((subtask) => subtask.id === subtaskId);
    const subtask = stage.subtasks[index];
    if (subtask) return { stage, index, subtask };
  }
  throw new TRPCError({ code: 'NOT_FOUND', message: 'Subtask not found' });
}

export function renameSubtask(doc: PlannerAssessmentDoc, subtaskId: string, title: string): void {
  locate(doc, subtaskId).subtask.title = title;
}

/** Ticks (recording when, the first time) or unticks a subtask. */
export function setSubtaskDone(doc: PlannerAssessmentDoc, subtaskId: string, done: boolean, now: Date): void {
  const { subtask } = locate(doc, subtaskId);
  if (subtask.done === done) return;
  subtask.done = done;
  subtask.doneAt = done ? now : null;
}

/** Moves a subtask to position `toIndex` within its stage (past the end: last). */
export function moveSubtask(doc: PlannerAssessmentDoc, subtaskId: string, toIndex: number): void {
  const { stage, index, subtask } = locate(doc, subtaskId);
  stage.subtasks.splice(index, 1);
  stage.subtasks.splice(Math.min(toIndex, stage.subtasks.length), 0, subtask);
}

export function deleteSubtask(doc: PlannerAssessmentDoc, subtaskId: string): void {
  const { stage, index } = locate(doc, subtaskId);
  stage.subtasks.splice(index, 1);
}
