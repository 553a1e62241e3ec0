import type { QueryOutput } from '../lib/query';
import { testUser } from './fakeApi';

export type ProgressOverview = QueryOutput<'progress.overview'>;
export type BoardView = QueryOutput<'leaderboard.get'>;
export type BoardRow = BoardView['top'][number];

/** 12 weeks ending Friday 27 November 2026, with a few studied days. */
function chartDays(): ProgressOverview['chart']['days'] {
  const start = Date.UTC(2026, 8, 7); // Monday 7 September 2026
  const days: ProgressOverview['chart']['days'] = [];
  for (let i = 0; i < 82; i += 1) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    days.push({ day, minutes: day === '2026-11-25' ? 90 : day === '2026-11-26' ? 50 : day === '2026-11-27' ? 25 : 0 });
  }
  return days;
}

export function progressOverview(overrides: Partial<ProgressOverview> = {}): ProgressOverview {
  const days = chartDays();
  return {
    timeZone: 'Europe/London',
    today: '2026-11-27',
    totals: {
      totalMinutes: 745,
      completedSessions: 9,
      endedEarlySessions: 2,
      partnerEndedSessions: 1,
      disconnectedSessions: 0,
      sessions: 12,
      completionRate: 0.75,
      longestSessionMinutes: 90,
    },
    goals: { met: 5, partly: 2, missed: 1, checkIns: 8 },
    streak: { current: 3, best: 6, lastStudyDay: '2026-11-27', studiedToday: true },
    weeklyGoal: {
      hours: 10,
      goalMinutes: 600,
      minutes: 165,
      progress: 165 / 600,
      weekStartsAt: '2026-11-23T00:00:00.000Z',
      weekEndsAt: '2026-11-30T00:00:00.000Z',
    },
    achievements: [
      achievement('firstSteps', 'First Steps', 'Complete your first session', true, 1, 1, 'sessions', '2026-10-02'),
      achievement('studyWarrior', 'Study Warrior', 'Complete 10 sessions', false, 9, 10, 'sessions'),
      achievement('timeMaster', 'Time Master', 'Study 10 hours in total', true, 600, 600, 'minutes', '2026-11-20'),
      achievement('streakMaster', 'Streak Master', 'Study 7 days in a row', false, 6, 7, 'days'),
      achievement(
        'marathonRunner',
        'Marathon Runner',
        'Study 90 minutes in one session',
        true,
        90,
        90,
        'minutes',
        '2026-11-25',
      ),
      achievement('consistencyKing', 'Consistency King', 'Study 20 hours in total', false, 745, 1200, 'minutes'),
    ],
    chart: { from: days[0]?.day ?? '', to: '2026-11-27', days },
    ...overrides,
  };
}

function achievement(
  key: ProgressOverview['achievements'][number]['key'],
  title: string,
  description: string,
  earned: boolean,
  progress: number,
  target: number,
  unit: 'sessions' | 'minutes' | 'days',
  earnedOn: string | null = null,
): ProgressOverview['achievements'][number] {
  return {
    key,
    title,
    description,
    earned,
    earnedAt: earnedOn ? `${earnedOn}T18:00:00.000Z` : null,
    earnedOn,
    progress,
    target,
    unit,
  };
}

const otherId = (n: number) => `665f1c2b9d3e4a00${String(n).padStart(8, '0')}`;

/** `count` rows, best first, from 50 h down; the signed-in student is not among them. */
export function boardRows(count: number, firstMinutes = 3000): BoardRow[] {
  return Array.from({ length: count }, (_, index) => ({
    rank: index + 1,
    userId: otherId(index + 1),
    username: `student_${index + 1}`,
    minutes: firstMinutes - index * 10,
    completedSessions: 40 - Math.floor(index / 2),
    medal: index === 0 ? 'gold' : index === 1 ? 'silver' : index === 2 ? 'bronze' : null,
  }));
}

export function boardView(overrides: Partial<BoardView> = {}): BoardView {
  return {
    board: 'week',
    periodId: 'week:2026-W48',
    label: 'Week 48, 2026',
    startsAt: '2026-11-23T00:00:00.000Z',
    endsAt: '2026-11-30T00:00:00.000Z',
    version: 7,
    ranked: 1234,
    top: boardRows(50),
    me: { rank: 57, minutes: 2410, completedSessions: 31, hidden: false },
    serverTime: '2026-11-27T12:00:00.000Z',
    ...overrides,
  };
}

export const me = { userId: testUser.id, username: testUser.username };
