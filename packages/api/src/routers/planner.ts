import {
  addSubtaskInput,
  assessmentIdInput,
  changeDueDateInput,
  createAssessmentInput,
  moveStageEndInput,
  moveSubtaskInput,
  renameAssessmentInput,
  renameSubtaskInput,
  setSubtaskDoneInput,
  subtaskIdInput,
} from '@studysync/validators';
import { revokeCalendarFeed, rotateCalendarFeed } from '../calendar';
import { localDay } from '../dates';
import * as edits from '../planner/edits';
import { createAssessment, deleteAssessment, listAssessments } from '../planner/lifecycle';
import { editOwnedAssessment, loadOwnedAssessment } from '../planner/store';
import { toAssessmentView, type AssessmentView } from '../planner/view';
import { protectedProcedure, router } from '../trpc';

/**
 * The planner: assessments split into four dated stages with subtasks. Every procedure is
 * the signed-in student's own; another student's ids answer NOT_FOUND. Changes answer with
 * the whole updated assessment, so a client can replace its copy.
 */
export const plannerRouter = router({
  list: protectedProcedure.query(async ({ ctx }): Promise<AssessmentView[]> => {
    const docs = await listAssessments(ctx.deps, ctx.user._id);
    const now = ctx.deps.now();
    return docs.map((doc) => toAssessmentView(doc, now));
  }),

  get: protectedProcedure.input(assessmentIdInput).query(async ({ ctx, input }) => {
    const doc = await loadOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId);
    return toAssessmentView(doc, ctx.deps.now());
  }),

  create: protectedProcedure.input(createAssessmentInput).mutation(async ({ ctx, input }) => {
    const doc = await createAssessment(ctx.deps, ctx.user._id, {
      name: input.name,
      dueDate: input.dueDate,
      timeZone: input.timeZone ?? ctx.user.timeZone,
    });
    ctx.deps.logger.info(
      { userId: ctx.user._id.toHexString(), assessmentId: doc._id.toHexString() },
      'Assessment planned',
    );
    return toAssessmentView(doc, ctx.deps.now());
  }),

  rename: protectedProcedure.input(renameAssessmentInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) => {
      doc.name = input.name;
    });
    return toAssessmentView(after, ctx.deps.now());
  }),

  /**
   * Re-plans the stages over the original start through the new due date, keeping the ends the
   * student moved where they still fit; subtasks stay in their stage.
   */
  changeDueDate: protectedProcedure.input(changeDueDateInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(
      ctx.deps,
      ctx.user._id,
      input.assessmentId,
      (doc) => {
        edits.assertDueDate(input.dueDate, localDay(doc.timeZone, ctx.deps.now()));
        edits.replan(doc, input.dueDate);
      },
      (doc, lock) => ctx.deps.hooks.assessmentChanged(ctx.deps, lock, doc),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  /** Moves a stage's last day; the next stage starts the day after. */
  moveStageEnd: protectedProcedure.input(moveStageEndInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(
      ctx.deps,
      ctx.user._id,
      input.assessmentId,
      (doc) => edits.moveStageEnd(doc, input.stageIndex, input.endDate),
      (doc, lock) => ctx.deps.hooks.assessmentChanged(ctx.deps, lock, doc),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  delete: protectedProcedure.input(assessmentIdInput).mutation(async ({ ctx, input }) => {
    await deleteAssessment(ctx.deps, ctx.user._id, input.assessmentId);
    return { ok: true as const };
  }),

  addSubtask: protectedProcedure.input(addSubtaskInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) => {
      edits.addSubtask(doc, input.stageIndex, input.title, ctx.deps.now());
    });
    return toAssessmentView(after, ctx.deps.now());
  }),

  renameSubtask: protectedProcedure.input(renameSubtaskInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) =>
      edits.renameSubtask(doc, input.subtaskId, input.title),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  /** Ticks a subtask done (recording when) or undoes it. */
  setSubtaskDone: protectedProcedure.input(setSubtaskDoneInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) =>
      edits.setSubtaskDone(doc, input.subtaskId, input.done, ctx.deps.now()),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  moveSubtask: protectedProcedure.input(moveSubtaskInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) =>
      edits.moveSubtask(doc, input.subtaskId, input.toIndex),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  deleteSubtask: protectedProcedure.input(subtaskIdInput).mutation(async ({ ctx, input }) => {
    const { after } = await editOwnedAssessment(ctx.deps, ctx.user._id, input.assessmentId, (doc) =>
      edits.deleteSubtask(doc, input.subtaskId),
    );
    return toAssessmentView(after, ctx.deps.now());
  }),

  /**
   * Makes a new calendar feed link (retiring any previous one). Returns its path, e.g.
   * `/calendar/<token>.ics`, shown only now: the server keeps just its hash.
   */
  calendarFeed: protectedProcedure.input(assessmentIdInput).mutation(async ({ ctx, input }) => {
    return { path: await rotateCalendarFeed(ctx.deps, ctx.user._id, input.assessmentId) };
  }),

  revokeCalendarFeed: protectedProcedure.input(assessmentIdInput).mutation(async ({ ctx, input }) => {
    const doc = await revokeCalendarFeed(ctx.deps, ctx.user._id, input.assessmentId);
    return toAssessmentView(doc, ctx.deps.now());
  }),
});
