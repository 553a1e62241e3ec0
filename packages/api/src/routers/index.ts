/** One router per domain, merged into the app's router in root.ts. */
export { accountRouter } from './account';
export { authRouter } from './auth';
export { leaderboardRouter } from './leaderboard';
export { lobbyRouter } from './lobby';
export { notificationsRouter } from './notifications';
export { plannerRouter } from './planner';
export { progressRouter } from './progress';
export { roomsRouter } from './rooms';
export { studyRouter } from './study';
export { safetyRouter } from './safety';
