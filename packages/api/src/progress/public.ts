/** What the rest of the repository (the server's benchmark, clients' types) uses of progress. */
export type { AchievementView, ProgressView } from './view';
export type { BoardChangedEvent, BoardRowView, BoardStandingView, BoardView, Medal } from './leaderboard-view';
export type { BoardLiveView } from '../routers/leaderboard';
export { ACHIEVEMENTS, achievementMeasures, reachedAchievements, type AchievementKey } from './achievements';
export { localDay, periodOf, periodsOf, type Period } from './calendar';
export { buildBoardDocuments, type BoardDocuments } from './leaderboard-bulk';
export { compareRanked, type Standing } from './leaderboard-core';
export { summarizeStats } from './store';
