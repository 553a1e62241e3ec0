import type { SessionLength } from '@studysync/validators';

export interface StudyLength {
  minutes: SessionLength;
  title: string;
  summary: string;
}

/** The three session lengths, as the picker offers them. */
export const STUDY_LENGTHS: readonly StudyLength[] = [
  { minutes: 25, title: 'Quick Focus', summary: 'One focused block. Good for a single task.' },
  { minutes: 50, title: 'Deep Study', summary: 'Long enough to get properly into it.' },
  { minutes: 90, title: 'Marathon', summary: 'For big chapters and exam prep.' },
];

export function lengthTitle(minutes: number): string {
  return STUDY_LENGTHS.find((length) => length.minutes === minutes)?.title ?? `${minutes} minutes`;
}

/** Limits the API enforces; the forms say so before sending. */
export const GOAL_MAX_LENGTH = 280;
export const MESSAGE_MAX_LENGTH = 2000;
export const NOTE_MAX_LENGTH = 1000;
