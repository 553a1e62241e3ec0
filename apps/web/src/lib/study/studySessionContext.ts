/**
 * The student's study session belongs to the signed-in shell, not to the study page: it is
 * created once per sign-in (`provideStudySession`, in the shell) and every page reads the same
 * one (`injectStudySession`). So visiting the planner mid-session keeps the room's stream open
 * (the partner sees no one leave), and the end, the summary and the check-in reach the student
 * wherever they are.
 */
import { inject, provide, type InjectionKey } from 'vue';
import { useStudySession, type StudySession } from './useStudySession';

const studySessionKey: InjectionKey<StudySession> = Symbol('studysync-study-session');

export function provideStudySession(): StudySession {
  const study = useStudySession();
  provide(studySessionKey, study);
  return study;
}

export function injectStudySession(): StudySession {
  const study = inject(studySessionKey, null);
  if (!study) throw new Error('No study session: call provideStudySession() in the signed-in shell.');
  return study;
}
