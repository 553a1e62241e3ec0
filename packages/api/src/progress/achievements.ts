import type { ProgressStats } from '@studysync/db';

export type AchievementKey =
  'firstSteps' | 'studyWarrior' | 'timeMaster' | 'streakMaster' | 'marathonRunner' | 'consistencyKing';

/** What an achievement is judged on; each only ever goes up, so earning one is for good. */
type Measure = 'completedSessions' | 'totalMinutes' | 'bestStreakDays' | 'longestSessionMinutes';

export interface AchievementDefinition {
  key: AchievementKey;
  title: string;
  description: string;
  measure: Measure;
  target: number;
  /** How progress towards it reads: "3 / 10 sessions". */
  unit: 'sessions' | 'minutes' | 'days';
  /** The notice's words when it is earned. */
  praise: string;
}

export const ACHIEVEMENTS: readonly AchievementDefinition[] = [
  {
    key: 'firstSteps',
    title: 'First Steps',
    description: 'Complete your first session',
    measure: 'completedSessions',
    target: 1,
    unit: 'sessions',
    praise: 'You completed your first study session. Welcome aboard!',
  },
  {
    key: 'studyWarrior',
    title: 'Study Warrior',
    description: 'Complete 10 sessions',
    measure: 'completedSessions',
    target: 10,
    unit: 'sessions',
    praise: 'You have completed 10 study sessions.',
  },
  {
    key: 'timeMaster',
    title: 'Time Master',
    description: 'Study 10 hours in total',
    measure: 'totalMinutes',
    target: 10 * 60,
    unit: 'minutes',
    praise: 'You have studied for 10 hours in total.',
  },
  {
    key: 'streakMaster',
    title: 'Streak Master',
    description: 'Study 7 days in a row',
    measure: 'bestStreakDays',
    target: 7,
    unit: 'days',
    praise: 'You studied 7 days in a row.',
  },
  {
    key: 'marathonRunner',
    title: 'Marathon Runner',
    description: 'Study 90 minutes in one session',
    measure: 'longestSessionMinutes',
    target: 90,
    unit: 'minutes',
    praise: 'You studied for 90 minutes in a single session.',
  },
  {
    key: 'consistencyKing',
    title: 'Consistency King',
    description: 'Study 20 hours in total',
    measure: 'totalMinutes',
    target: 20 * 60,
    unit: 'minutes',
    praise: 'You have studied for 20 hours in total.',
  },
];

export type AchievementMeasures = Record<Measure, number>;

/** The figures achievements are judged on, from a student's counters. */
export function achievementMeasures(stats: ProgressStats | null): AchievementMeasures {
  return {
    completedSessions: stats?.completedSessions ?? 0,
    totalMinutes: stats?.totalMinutes ?? 0,
    bestStreakDays: stats?.streak.best ?? 0,
    longestSessionMinutes: stats?.longestSessionMinutes ?? 0,
  };
}

/** Every achievement these figures have reached, in definition order. */
export function reachedAchievements(measures: AchievementMeasures): AchievementDefinition[] {
  return ACHIEVEMENTS.filter((achievement) => measures[achievement.measure] >= achievement.target);
}

/** The key a notification about an achievement is stored under, to find it again after a crash. */
export const achievementNoticeKey = (userId: string, key: string) => `achievement:${userId}:${key}`;
