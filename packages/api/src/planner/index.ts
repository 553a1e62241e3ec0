/** The planner: assessments split into dated stages with subtasks, and the locks guarding them. */
export { createAssessment, deleteAssessment, listAssessments, type NewAssessment } from './lifecycle';
export { editOwnedAssessment, loadOwnedAssessment, withOwnedAssessment } from './store';
export {
  isAssessmentComplete,
  isStageComplete,
  progressOf,
  stageDefinition,
  toAssessmentView,
  type AssessmentView,
  type SubtaskProgressView,
  type StageStatus,
  type StageView,
  type SubtaskView,
} from './view';
export { setSubtaskDone } from './edits';
