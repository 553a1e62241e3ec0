import { createHash, randomBytes } from 'node:crypto';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import {
  deleteCalendarFeed,
  findCalendarFeed,
  findPlannerAssessment,
  insertCalendarFeed,
  type ObjectId,
  type PlannerAssessmentDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { addDays } from '../dates';
import { editOwnedAssessment, progressOf, stageDefinition } from '../planner';

/** Feeds live at `/calendar/<token>.ics`: plain GETs, since calendar apps cannot speak tRPC. */
export const CALENDAR_PATH_PREFIX = '/calendar/';
const FEED_PATH = /^\/calendar\/([A-Za-z0-9_-]{43})\.ics$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Makes a new feed link for the student's assessment, retiring any previous one. The token
 * (256 random bits) is returned once and stored only as its hash.
 */
export async function rotateCalendarFeed(deps: ApiDeps, ownerId: ObjectId, assessmentId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  // The feed document is only an index: a link works while the assessment holds its hash.
  const { before, after } = await editOwnedAssessment(deps, ownerId, assessmentId, (doc) => {
    doc.calendarTokenHash = tokenHash;
  });
  await insertCalendarFeed(deps.db, { _id: tokenHash, assessmentId: after._id, ownerId, createdAt: deps.now() });
  if (before.calendarTokenHash) await deleteCalendarFeed(deps.db, before.calendarTokenHash);
  return `${CALENDAR_PATH_PREFIX}${token}.ics`;
}

export async function revokeCalendarFeed(
  deps: ApiDeps,
  ownerId: ObjectId,
  assessmentId: string,
): Promise<PlannerAssessmentDoc> {
  const { before, after } = await editOwnedAssessment(deps, ownerId, assessmentId, (doc) => {
    doc.calendarTokenHash = null;
  });
  if (before.calendarTokenHash) await deleteCalendarFeed(deps.db, before.calendarTokenHash);
  return after;
}

const dateArray = (date: string): DateArray => {
  const [year, month, day] = date.split('-').map(Number);
  return [year ?? 1970, month ?? 1, day ?? 1];
};

/** One all-day event per stage with days (calendars count the end date as exclusive, as we store it), plus the due date. */
export function assessmentCalendar(doc: PlannerAssessmentDoc): string {
  const id = doc._id.toHexString();
  const events: EventAttributes[] = [];
  doc.stages.forEach((stage, index) => {
    if (stage.startsOn === stage.endsBefore) return;
    const { name } = stageDefinition(index);
    const progress = progressOf(stage.subtasks);
    const subtasks = stage.subtasks.map((subtask) => `${subtask.done ? '[x]' : '[ ]'} ${subtask.title}`);
    events.push({
      uid: `${id}-stage-${index}@studysync`,
      start: dateArray(stage.startsOn),
      end: dateArray(stage.endsBefore),
      title: `${name}: ${doc.name}`,
      description: [
        `Stage ${index + 1} of 4 for ${doc.name}, due ${doc.dueDate}.`,
        `${progress.done} of ${progress.total} subtasks done.`,
        ...subtasks,
      ].join('\n'),
      categories: ['StudySync'],
      transp: 'TRANSPARENT',
      sequence: doc.version,
    });
  });
  events.push({
    uid: `${id}-due@studysync`,
    start: dateArray(doc.dueDate),
    end: dateArray(addDays(doc.dueDate, 1)),
    title: `Due: ${doc.name}`,
    categories: ['StudySync'],
    transp: 'TRANSPARENT',
    sequence: doc.version,
  });
  const { error, value } = createEvents(events, {
    productId: '-//StudySync//Planner//EN',
    calName: `${doc.name} (StudySync)`,
  });
  if (error || !value) throw error ?? new Error('The calendar could not be generated');
  return value;
}

/** The `.ics` for a feed path, or null when the link is unknown, rotated or revoked. */
export async function renderCalendarFeed(
  deps: ApiDeps,
  path: string,
): Promise<{ filename: string; ics: string } | null> {
  const token = FEED_PATH.exec(path)?.[1];
  if (!token) return null;
  const tokenHash = hashToken(token);
  const feed = await findCalendarFeed(deps.db, tokenHash);
  if (!feed) return null;
  const doc = await findPlannerAssessment(deps.db, feed.assessmentId);
  if (!doc || doc.calendarTokenHash !== tokenHash) return null;
  return { filename: `studysync-${doc._id.toHexString()}.ics`, ics: assessmentCalendar(doc) };
}
