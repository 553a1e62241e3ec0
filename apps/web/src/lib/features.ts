import { MIN_COUNTED_MINUTES } from '@studysync/validators';

/** The product areas, as the nav, landing page and dashboard describe them. */
export type FeatureKey = 'study' | 'rooms' | 'planner' | 'progress' | 'leaderboard';

export interface Feature {
  key: FeatureKey;
  title: string;
  /** Route inside the signed-in shell. */
  to: `/${string}`;
  /** One line for cards. */
  summary: string;
  /** A short paragraph for the landing page. */
  description: string;
}

export const features: readonly Feature[] = [
  {
    key: 'study',
    title: 'Study',
    to: '/study',
    summary: 'Pair up with a partner and focus under a shared timer.',
    description:
      'Get matched with a study partner for 25, 50 or 90 minutes, focus under one timer that stays in sync on both screens, chat, and check in on your goal at the end.',
  },
  {
    key: 'rooms',
    title: 'Rooms',
    to: '/rooms',
    summary: 'Study in a group room with shared focus blocks and breaks.',
    description:
      'Join a public room from the live directory or bring friends with an invite link: everyone follows one pomodoro cycle of focus blocks and breaks, with chat on the break.',
  },
  {
    key: 'planner',
    title: 'Planner',
    to: '/planner',
    summary: 'Turn each assessment into four dated stages.',
    description:
      'Add an assessment and its due date: StudySync splits the days into planning, research, developing and reviewing, with subtasks, reminders and a calendar feed.',
  },
  {
    key: 'progress',
    title: 'Progress',
    to: '/progress',
    summary: 'See your focus time and streaks add up.',
    description: `Every session counts once you have studied ${MIN_COUNTED_MINUTES} minutes of it: minutes per day, streaks in your own time zone, a weekly goal and achievements.`,
  },
  {
    key: 'leaderboard',
    title: 'Leaderboard',
    to: '/leaderboard',
    summary: 'A friendly ranking of focus time.',
    description:
      'See how your focus time compares this week, this month and all time — or hide yourself from the boards.',
  },
];
