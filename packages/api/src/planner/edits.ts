import { ObjectId, type PlannerAssessmentDoc, type PlannerStageDoc, type PlannerSubtaskDoc } from '@studysync/db';
import { PLANNER_LIMITS } from '@studysync/validators';
import { DomainError, fieldError } from '../errors';
import { addDays, daysBetween } from '../dates';
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

/**
 * Stages planned again from the plan's start through `dueDate`; subtasks stay in their stage.
 * Ends the student chose stay where they still leave every stage at least a day (checked in
 * stage order); the other ends take the fresh split, moved just enough to keep every stage a day.
 */
export function replan(doc: PlannerAssessmentDoc, dueDate: string): void {
  const planned = splitIntoStages(doc.planStart, dueDate);
  const count = planned.length;
  const start = planned[0]?.startsOn ?? doc.planStart;
  const end = addDays(dueDate, 1);
  const old = doc.stages;
  doc.dueDate = dueDate;
  // Fewer days than stages: the split leaves some empty, and no chosen end can hold.
  if (daysBetween(start, end) < count) {
    doc.stages = planned.map((stage, index) => ({
      startsOn: stage.startsOn,
      endsBefore: stage.endsBefore,
      subtasks: old[index]?.subtasks ?? [],
    }));
    return;
  }
  // Ends kept, by stage index; the last stage always ends with the due date.
  const kept = new Map<number, string>([[count - 1, end]]);
  let previous = { index: -1, day: start };
  for (let index = 0; index < count - 1; index += 1) {
    const stage = old[index];
    if (!stage?.endChosen) continue;
    const fits =
      stage.endsBefore >= addDays(previous.day, index - previous.index) &&
      stage.endsBefore <= addDays(end, -(count - 1 - index));
    if (!fits) continue;
    kept.set(index, stage.endsBefore);
    previous = { index, day: stage.endsBefore };
  }
  let from = start;
  doc.stages = planned.map((stage, index) => {
    const chosen = kept.get(index);
    let endsBefore = chosen;
    if (endsBefore === undefined) {
      const nextKept = [...kept.keys()].filter((at) => at > index).sort((a, b) => a - b)[0] ?? count - 1;
      const latest = addDays(kept.get(nextKept) ?? end, -(nextKept - index));
      endsBefore = clampDay(stage.endsBefore, addDays(from, 1), latest);
    }
    const next = {
      startsOn: from,
      endsBefore,
      ...(chosen !== undefined && index < count - 1 ? { endChosen: true } : {}),
      subtasks: old[index]?.subtasks ?? [],
    };
    from = endsBefore;
    return next;
  });
}

function clampDay(day: string, earliest: string, latest: string): string {
  return day < earliest ? earliest : day > latest ? latest : day;
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
  stage.endChosen = true;
  next.startsOn = stage.endsBefore;
}

export function addSubtask(doc: PlannerAssessmentDoc, stageIndex: number, title: string, now: Date): PlannerSubtaskDoc {
  const stage = stageAt(doc, stageIndex);
  if (stage.subtasks.length >= PLANNER_LIMITS.subtasksPerStage) {
    throw new DomainError(
      'UNPROCESSABLE_CONTENT',
      `A stage can hold at most ${PLANNER_LIMITS.subtasksPerStage} subtasks; delete some to add more`,
    );
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
  throw new DomainError('NOT_FOUND', 'Subtask not found');
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
