import type { PlannerAssessmentDoc, PlannerStageDoc, PlannerSubtaskDoc } from '@studysync/db';
import { addDays, daysBetween, localDay } from '../dates';
import { STAGES, type StageDefinition, type StageKey } from './split';

export interface SubtaskView {
  id: string;
  title: string;
  done: boolean;
  /** When it was ticked; null while not done. */
  doneAt: string | null;
  createdAt: string;
}

export interface SubtaskProgressView {
  done: number;
  total: number;
  /** 0-100, rounded down so 100 means truly all done. */
  percent: number;
}

/** Where a stage lies relative to the student's today. `empty`: a short plan gave it no days. */
export type StageStatus = 'empty' | 'upcoming' | 'current' | 'past';

export interface StageView {
  index: number;
  key: StageKey;
  name: string;
  weight: number;
  /** First and last day (inclusive); null for a stage with no days. */
  startDate: string | null;
  endDate: string | null;
  days: number;
  status: StageStatus;
  /** Has subtasks and all are done. */
  complete: boolean;
  /** Its last day has passed and it is not complete. */
  overdue: boolean;
  progress: SubtaskProgressView;
  subtasks: SubtaskView[];
}

export interface AssessmentView {
  id: string;
  name: string;
  timeZone: string;
  dueDate: string;
  /** The student's today in the assessment's time zone, to mark on the timeline. */
  today: string;
  /** Days from today to the due date (0 on the day, negative once past). */
  daysLeft: number;
  progress: SubtaskProgressView;
  stages: StageView[];
  /** Whether a calendar feed link is active (the link itself is shown only when made). */
  calendarFeed: boolean;
  createdAt: string;
  updatedAt: string;
}

export function progressOf(subtasks: readonly PlannerSubtaskDoc[]): SubtaskProgressView {
  const done = subtasks.filter((subtask) => subtask.done).length;
  const total = subtasks.length;
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) };
}

/** A stage is complete when it has subtasks and every one is ticked. */
export function isStageComplete(stage: PlannerStageDoc): boolean {
  return stage.subtasks.length > 0 && stage.subtasks.every((subtask) => subtask.done);
}

/** Every stage that has days is complete. */
export function isAssessmentComplete(doc: PlannerAssessmentDoc): boolean {
  return doc.stages.every((stage) => stage.startsOn === stage.endsBefore || isStageComplete(stage));
}

export function stageDefinition(index: number): StageDefinition {
  const definition = STAGES[index];
  if (!definition) throw new RangeError(`No stage ${index}`);
  return definition;
}

function stageStatus(stage: PlannerStageDoc, today: string): StageStatus {
  if (stage.startsOn === stage.endsBefore) return 'empty';
  if (today < stage.startsOn) return 'upcoming';
  if (today < stage.endsBefore) return 'current';
  return 'past';
}

function toSubtaskView(subtask: PlannerSubtaskDoc): SubtaskView {
  return {
    id: subtask.id,
    title: subtask.title,
    done: subtask.done,
    doneAt: subtask.doneAt?.toISOString() ?? null,
    createdAt: subtask.createdAt.toISOString(),
  };
}

export function toAssessmentView(doc: PlannerAssessmentDoc, now: Date): AssessmentView {
  const today = localDay(doc.timeZone, now);
  const stages = doc.stages.map((stage, index): StageView => {
    const status = stageStatus(stage, today);
    const complete = isStageComplete(stage);
    const days = daysBetween(stage.startsOn, stage.endsBefore);
    return {
      index,
      ...stageDefinition(index),
      startDate: days > 0 ? stage.startsOn : null,
      endDate: days > 0 ? addDays(stage.endsBefore, -1) : null,
      days,
      status,
      complete,
      overdue: status === 'past' && !complete,
      progress: progressOf(stage.subtasks),
      subtasks: stage.subtasks.map(toSubtaskView),
    };
  });
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    timeZone: doc.timeZone,
    dueDate: doc.dueDate,
    today,
    daysLeft: daysBetween(today, doc.dueDate),
    progress: progressOf(doc.stages.flatMap((stage) => stage.subtasks)),
    stages,
    calendarFeed: doc.calendarTokenHash !== null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
