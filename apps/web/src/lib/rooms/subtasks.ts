import type { AssessmentView } from '@studysync/api';
import type { RoomSubtaskRef } from './types';

/** A planner subtask a student can pick as their goal in a room. */
export interface SubtaskChoice {
  value: string;
  label: string;
  ref: RoomSubtaskRef;
}

/** The subtasks not done yet, in the planner's order: "Essay · Find five sources". */
export function subtaskChoices(assessments: readonly AssessmentView[]): SubtaskChoice[] {
  return assessments.flatMap((assessment) =>
    assessment.stages.flatMap((stage) =>
      stage.subtasks
        .filter((subtask) => !subtask.done)
        .map((subtask) => ({
          value: subtask.id,
          label: `${assessment.name} · ${subtask.title}`,
          ref: { assessmentId: assessment.id, subtaskId: subtask.id },
        })),
    ),
  );
}

/** The planner's words for a picked subtask, or null when it is gone from the planner. */
export function subtaskTitle(assessments: readonly AssessmentView[] | undefined, ref: RoomSubtaskRef | null) {
  if (!ref || !assessments) return null;
  const assessment = assessments.find((each) => each.id === ref.assessmentId);
  const subtask = assessment?.stages.flatMap((stage) => stage.subtasks).find((each) => each.id === ref.subtaskId);
  return subtask ? subtask.title : null;
}
