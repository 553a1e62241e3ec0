import type { PlannerAssessmentDoc, ReminderKind } from '@studysync/db';
import { addDays, daysBetween, shortDate } from '../dates';
import { isAssessmentComplete, isStageComplete, progressOf, stageDefinition } from '../planner';

export interface ReminderText {
  title: string;
  body: string;
}

function inDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/**
 * The words of a reminder, true on the day it is delivered: one caught up after downtime
 * says "started on Mon 3 Mar", not "starts today".
 */
export function reminderText(
  doc: PlannerAssessmentDoc,
  kind: ReminderKind,
  stageIndex: number | null,
  today: string,
): ReminderText {
  const stage = stageIndex === null ? undefined : doc.stages[stageIndex];
  if (kind === 'assessmentDueSoon' || !stage || stageIndex === null) {
    const left = daysBetween(today, doc.dueDate);
    const progress = progressOf(doc.stages.flatMap((s) => s.subtasks));
    return {
      title:
        left >= 0 ? `${doc.name} is due ${inDays(left)}` : `${doc.name} was due on ${shortDate(doc.dueDate, today)}`,
      body: `Due ${shortDate(doc.dueDate, today)}. ${progress.done} of ${progress.total} subtasks done.`,
    };
  }
  const name = stageDefinition(stageIndex).name;
  const lastDay = addDays(stage.endsBefore, -1);
  const range =
    lastDay === stage.startsOn
      ? shortDate(lastDay, today)
      : `${shortDate(stage.startsOn, today)} to ${shortDate(lastDay, today)}`;
  const body = `${doc.name}: ${name}, ${range}.`;
  if (kind === 'stageStarts') {
    return {
      title:
        today <= stage.startsOn
          ? `${name} starts ${inDays(daysBetween(today, stage.startsOn))}`
          : `${name} started on ${shortDate(stage.startsOn, today)}`,
      body,
    };
  }
  if (kind === 'stageDueTomorrow') {
    const left = daysBetween(today, lastDay);
    return {
      title: left >= 0 ? `${name} is due ${inDays(left)}` : `${name} was due on ${shortDate(lastDay, today)}`,
      body,
    };
  }
  return { title: `${name} is overdue`, body: `${body} Tick its subtasks off when it's done.` };
}

/** Nothing worth saying any more: the stage (or, for the due date, everything) is done. */
export function isReminderMoot(doc: PlannerAssessmentDoc, kind: ReminderKind, stageIndex: number | null): boolean {
  if (kind === 'assessmentDueSoon' || stageIndex === null) return isAssessmentComplete(doc);
  const stage = doc.stages[stageIndex];
  return !stage || stage.startsOn === stage.endsBefore || isStageComplete(stage);
}
