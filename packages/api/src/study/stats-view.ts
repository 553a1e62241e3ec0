import type { StudyStatsDoc } from '@studysync/db';

export interface StudyStatsView {
  totalMinutes: number;
  completedSessions: number;
  quitSessions: number;
  disconnectedSessions: number;
  partnerEndedSessions: number;
  longestSessionMinutes: number;
  lastStudyDay: string | null;
  goals: { yes: number; partly: number; no: number };
}

export function toStatsView(stats: StudyStatsDoc | null): StudyStatsView {
  return {
    totalMinutes: stats?.totalMinutes ?? 0,
    completedSessions: stats?.completedSessions ?? 0,
    quitSessions: stats?.quitSessions ?? 0,
    disconnectedSessions: stats?.disconnectedSessions ?? 0,
    partnerEndedSessions: stats?.partnerEndedSessions ?? 0,
    longestSessionMinutes: stats?.longestSessionMinutes ?? 0,
    lastStudyDay: stats?.lastStudyDay ?? null,
    goals: { yes: stats?.goals?.yes ?? 0, partly: stats?.goals?.partly ?? 0, no: stats?.goals?.no ?? 0 },
  };
}
