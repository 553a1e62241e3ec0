import type { BoardEntry, EarnedAchievement, ProgressStats, UserDoc } from '@studysync/db';
import { WEEKLY_GOAL_HOURS } from '@studysync/validators';
import { ACHIEVEMENTS, achievementMeasures, type AchievementKey } from './achievements';
import { localDay } from '../dates';
import { chartWindow, periodOf, streaksOf } from './calendar';

export interface AchievementView {
  key: AchievementKey;
  title: string;
  description: string;
  earned: boolean;
  /** When it was earned; null if not yet, or earned before dates were kept. */
  earnedAt: string | null;
  /** The student's calendar day it was earned on. */
  earnedOn: string | null;
  /** Towards the target, capped at it. */
  progress: number;
  target: number;
  unit: 'sessions' | 'minutes' | 'days';
}

/** Everything the /progress page shows, in one read. */
export interface ProgressView {
  timeZone: string;
  /** The student's calendar day now, in their zone. */
  today: string;
  totals: {
    totalMinutes: number;
    completedSessions: number;
    /** Ended early by the student. */
    endedEarlySessions: number;
    /** Ended early by their partner. */
    partnerEndedSessions: number;
    disconnectedSessions: number;
    /** All counted sessions (5+ minutes). */
    sessions: number;
    /** Completed ÷ counted sessions, 0-1; null before the first. */
    completionRate: number | null;
    longestSessionMinutes: number;
  };
  goals: { met: number; partly: number; missed: number; checkIns: number };
  streak: { current: number; best: number; lastStudyDay: string | null; studiedToday: boolean };
  weeklyGoal: {
    hours: number;
    goalMinutes: number;
    /** Minutes this week: the leaderboard's week, from Monday 00:00 UTC (`WEEK_RULE`). */
    minutes: number;
    /** 0-1, capped at 1. */
    progress: number;
    /** When this week began and the next begins (ISO instants; pages show them in the student's zone). */
    weekStartsAt: string;
    weekEndsAt: string;
  };
  achievements: AchievementView[];
  /** Minutes per day for the last 12 weeks (whole weeks, the last cut at today). */
  chart: { from: string; to: string; days: { day: string; minutes: number }[] };
}

/**
 * Builds the progress page from the user, their counters and achievements, and the clock.
 * Pure: streaks are computed, not stored; the week's minutes are the weekly board's.
 */
export function toProgressView(
  user: UserDoc,
  stats: ProgressStats | null,
  achievements: Readonly<Record<string, EarnedAchievement>> | null,
  now: Date,
  /** The student's entry on the weekly board: the week's minutes, counted as the board counts them. */
  weekEntry?: BoardEntry,
): ProgressView {
  const days = stats?.recentDays ?? {};
  const today = localDay(user.timeZone, now);
  const completed = stats?.completedSessions ?? 0;
  const sessions =
    completed + (stats?.quitSessions ?? 0) + (stats?.partnerEndedSessions ?? 0) + (stats?.disconnectedSessions ?? 0);
  const streak = streaksOf(stats?.streak ?? { best: 0, runStart: null, runEnd: null }, today);
  const week = periodOf('week', now);
  const hours = user.weeklyGoalHours ?? WEEKLY_GOAL_HOURS.default;
  // An entry of an earlier week means nothing counted yet in this one.
  const weekMinutes = weekEntry?.periodId === week.id ? weekEntry.minutes : 0;
  const measures = achievementMeasures(stats);
  const window = chartWindow(today);
  const goals = stats?.goals;
  return {
    timeZone: user.timeZone,
    today,
    totals: {
      totalMinutes: stats?.totalMinutes ?? 0,
      completedSessions: completed,
      endedEarlySessions: stats?.quitSessions ?? 0,
      partnerEndedSessions: stats?.partnerEndedSessions ?? 0,
      disconnectedSessions: stats?.disconnectedSessions ?? 0,
      sessions,
      completionRate: sessions > 0 ? completed / sessions : null,
      longestSessionMinutes: stats?.longestSessionMinutes ?? 0,
    },
    goals: {
      met: goals?.yes ?? 0,
      partly: goals?.partly ?? 0,
      missed: goals?.no ?? 0,
      checkIns: (goals?.yes ?? 0) + (goals?.partly ?? 0) + (goals?.no ?? 0),
    },
    streak: {
      current: streak.current,
      best: streak.best,
      lastStudyDay: streak.lastDay,
      studiedToday: streak.today,
    },
    weeklyGoal: {
      hours,
      goalMinutes: hours * 60,
      minutes: weekMinutes,
      progress: Math.min(1, weekMinutes / (hours * 60)),
      weekStartsAt: (week.startsAt ?? now).toISOString(),
      weekEndsAt: (week.endsAt ?? now).toISOString(),
    },
    achievements: ACHIEVEMENTS.map((achievement) => {
      const value = measures[achievement.measure];
      const record = achievements?.[achievement.key];
      return {
        key: achievement.key,
        title: achievement.title,
        description: achievement.description,
        earned: value >= achievement.target || record !== undefined,
        earnedAt: record?.earnedAt.toISOString() ?? null,
        earnedOn: record?.day ?? null,
        progress: Math.min(value, achievement.target),
        target: achievement.target,
        unit: achievement.unit,
      };
    }),
    chart: {
      from: window[0] ?? today,
      to: today,
      days: window.map((day) => ({ day, minutes: days[day] ?? 0 })),
    },
  };
}
