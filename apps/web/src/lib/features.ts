/** The product areas, as the nav, landing page and dashboard describe them. */
export type FeatureKey = 'study' | 'planner' | 'progress' | 'leaderboard';

export interface Feature {
  key: FeatureKey;
  title: string;
  /** Route inside the signed-in shell. */
  to: `/${string}`;
  /** One line for cards. */
  summary: string;
  /** A short paragraph for the landing page and the placeholder page. */
  description: string;
}

export const comingSoonFeatures: readonly Feature[] = [
  {
    key: 'study',
    title: 'Study',
    to: '/study',
    summary: 'Pair up with a partner and focus under a shared timer.',
    description:
      'Get matched with a study partner, start a shared focus timer that stays in sync on both screens, and chat between sessions.',
  },
  {
    key: 'planner',
    title: 'Planner',
    to: '/planner',
    summary: 'Plan exams, essays and deadlines in one place.',
    description:
      'Add your assessments with due dates and weights, then break them into study sessions so nothing sneaks up on you.',
  },
  {
    key: 'progress',
    title: 'Progress',
    to: '/progress',
    summary: 'See your focus time and streaks add up.',
    description:
      'Every finished session counts. Watch your weekly focus time, streaks and subjects grow over the term.',
  },
  {
    key: 'leaderboard',
    title: 'Leaderboard',
    to: '/leaderboard',
    summary: 'A friendly weekly ranking of focus time.',
    description:
      'See how your weekly focus time compares with other students — a little friendly motivation, reset every week.',
  },
];

export function featureByKey(key: FeatureKey): Feature {
  const feature = comingSoonFeatures.find((f) => f.key === key);
  if (!feature) throw new Error(`Unknown feature ${key}`);
  return feature;
}
