import type { ApiHooks } from './deps';
import { recordProgressOf, syncProgressStats } from './progress';
import { cancelAssessmentReminders, syncReminders } from './reminders';
import { studyRoomMembers } from './rooms';
import { firstRoomMembers, partnerSessionMembers } from './safety';

/** Who reacts to what across domains (see `ApiHooks` in deps.ts): the one place both sides meet. */
export const apiHooks: ApiHooks = {
  sessionCounted: recordProgressOf,
  statsChanged: syncProgressStats,
  assessmentChanged: syncReminders,
  assessmentDeleted: cancelAssessmentReminders,
  // Each kind of room looks for the id among its own, by `_id`; study rooms add theirs here.
  roomMembers: firstRoomMembers([partnerSessionMembers, studyRoomMembers]),
};
