/** The answers to "did you reach your goal?" at the end of a session. */
export type GoalResult = 'yes' | 'partly' | 'no';

export const GOAL_RESULTS: ReadonlyArray<{ value: GoalResult; label: string }> = [
  { value: 'yes', label: 'Yes' },
  { value: 'partly', label: 'Partly' },
  { value: 'no', label: 'No' },
];

export const goalResultLabel: Record<GoalResult, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };
