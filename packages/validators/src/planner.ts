import { z } from 'zod';
import { freeText } from './free-text';
import { timeZoneSchema } from './timezone';

/** The planner's limits, shared so the web app can show them before the server refuses. */
export const PLANNER_LIMITS = {
  assessmentsPerStudent: 50,
  subtasksPerStage: 100,
  nameMax: 100,
  subtaskTitleMax: 200,
  /** How far ahead a due date may be, in days from the student's today. */
  maxDaysAhead: 730,
} as const;

/** The four stages, in order; each has an index 0-3 in inputs. */
export const PLANNER_STAGE_COUNT = 4;

/** True for a real calendar date written YYYY-MM-DD (so no 2025-02-30). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * How a date is written, with an example a month ahead, so it never reads as a date in the
 * past. Only a hint in a message: the real clock is fine here (rules use the injected one).
 */
export function dateFormatHint(now: Date = new Date()): string {
  const example = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return `Use a date like ${example}`;
}

export const isoDateSchema = z
  .string()
  .max(10, { error: () => dateFormatHint() })
  .refine(isIsoDate, { error: () => dateFormatHint() });

export const plannerIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'Not a valid id');

// Names are one line: calendar exports and notifications show them verbatim.
export const assessmentNameSchema = freeText({
  max: PLANNER_LIMITS.nameMax,
  maxMessage: `Name must be at most ${PLANNER_LIMITS.nameMax} characters`,
  minMessage: 'Enter a name',
});

export const subtaskTitleSchema = freeText({
  max: PLANNER_LIMITS.subtaskTitleMax,
  maxMessage: `Subtask must be at most ${PLANNER_LIMITS.subtaskTitleMax} characters`,
  minMessage: 'Enter a subtask',
});

export const stageIndexSchema = z
  .number()
  .int()
  .min(0, 'Stage must be 0-3')
  .max(PLANNER_STAGE_COUNT - 1, 'Stage must be 0-3');

export const createAssessmentInput = z.object({
  name: assessmentNameSchema,
  dueDate: isoDateSchema,
  /** The browser's zone; the student's profile zone when omitted. */
  timeZone: timeZoneSchema.optional(),
});
export type CreateAssessmentInput = z.infer<typeof createAssessmentInput>;

export const assessmentIdInput = z.object({ assessmentId: plannerIdSchema });

export const renameAssessmentInput = z.object({ assessmentId: plannerIdSchema, name: assessmentNameSchema });

export const changeDueDateInput = z.object({ assessmentId: plannerIdSchema, dueDate: isoDateSchema });

export const moveStageEndInput = z.object({
  assessmentId: plannerIdSchema,
  // The last stage always ends on the due date: change that instead.
  stageIndex: z
    .number()
    .int()
    .min(0, 'Stage must be 0-2')
    .max(PLANNER_STAGE_COUNT - 2, 'The last stage ends on the due date; change the due date instead'),
  endDate: isoDateSchema,
});

export const addSubtaskInput = z.object({
  assessmentId: plannerIdSchema,
  stageIndex: stageIndexSchema,
  title: subtaskTitleSchema,
});

export const renameSubtaskInput = z.object({
  assessmentId: plannerIdSchema,
  subtaskId: plannerIdSchema,
  title: subtaskTitleSchema,
});

export const setSubtaskDoneInput = z.object({
  assessmentId: plannerIdSchema,
  subtaskId: plannerIdSchema,
  done: z.boolean(),
});

export const moveSubtaskInput = z.object({
  assessmentId: plannerIdSchema,
  subtaskId: plannerIdSchema,
  /** Position within its stage; past the end means last. */
  toIndex: z
    .number()
    .int()
    .min(0, 'Position must be 0 or more')
    .max(PLANNER_LIMITS.subtasksPerStage - 1, `Position must be below ${PLANNER_LIMITS.subtasksPerStage}`),
});

export const subtaskIdInput = z.object({ assessmentId: plannerIdSchema, subtaskId: plannerIdSchema });
