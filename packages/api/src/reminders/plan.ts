import type { PlannerAssessmentDoc, ReminderKind } from '@studysync/db';
import { addDays, localMoment } from '../dates';

/** Reminders go out at 08:00 on their day in the assessment's time zone: mornings, not midnights. */
export const REMINDER_HOUR = 8;

export interface PlannedReminder {
  /** `<assessmentId>:<stage index | due>:<kind>`: one reminder per stage and kind, ever. */
  key: string;
  kind: ReminderKind;
  stageIndex: number | null;
  /** When it should go out; null when it has nothing to be about (a stage without days). */
  fireAt: Date | null;
}

export function reminderKey(assessmentId: string, stageIndex: number | null, kind: ReminderKind): string {
  return `${assessmentId}:${stageIndex ?? 'due'}:${kind}`;
}

/**
 * The 13 reminders of an assessment, for its current dates: per stage "starts today" (its
 * first day), "due tomorrow" (the day before its last) and "overdue" (the day after its
 * last), and "assessment due in 3 days".
 */
export function plannedReminders(doc: PlannerAssessmentDoc): PlannedReminder[] {
  const id = doc._id.toHexString();
  const at = (date: string) => localMoment(date, REMINDER_HOUR, doc.timeZone);
  const reminders: PlannedReminder[] = [];
  doc.stages.forEach((stage, index) => {
    const hasDays = stage.startsOn !== stage.endsBefore;
    const moments: [ReminderKind, string][] = [
      ['stageStarts', stage.startsOn],
      ['stageDueTomorrow', addDays(stage.endsBefore, -2)],
      ['stageOverdue', stage.endsBefore],
    ];
    for (const [kind, date] of moments) {
      reminders.push({ key: reminderKey(id, index, kind), kind, stageIndex: index, fireAt: hasDays ? at(date) : null });
    }
  });
  reminders.push({
    key: reminderKey(id, null, 'assessmentDueSoon'),
    kind: 'assessmentDueSoon',
    stageIndex: null,
    fireAt: at(addDays(doc.dueDate, -3)),
  });
  return reminders;
}
