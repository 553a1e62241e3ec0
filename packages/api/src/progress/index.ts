/** Progress: counters' summary, streaks, achievements and the leaderboards, fed by ended sessions. */
export { ACHIEVEMENTS, achievementMeasures, reachedAchievements, type AchievementKey } from './achievements';
export { periodOf, periodsOf, type Period } from './calendar';
export { buildBoardDocuments, type BoardDocuments } from './leaderboard-bulk';
export { compareRanked, type Standing } from './leaderboard-core';
export { publishBoards, readBoard } from './leaderboard';
export {
  periodFields,
  toBoardRows,
  type BoardLiveView,
  type BoardStandingView,
  type BoardView,
} from './leaderboard-view';
export { recordProgressOf } from './record';
export { saveSettings } from './settings';
export { summarizeStats, syncProgressStats } from './store';
export { toProgressView, type AchievementView, type ProgressView } from './view';
export type { BoardChangedEvent, BoardRowView, Medal } from '../events';
export { forgetProgress } from './account-changes';
export { renameOnBoards } from './account-changes';
