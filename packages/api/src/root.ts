import {
  accountRouter,
  authRouter,
  leaderboardRouter,
  lobbyRouter,
  notificationsRouter,
  plannerRouter,
  progressRouter,
  roomsRouter,
  safetyRouter,
  studyRouter,
} from './routers';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  planner: plannerRouter,
  notifications: notificationsRouter,
  study: studyRouter,
  lobby: lobbyRouter,
  progress: progressRouter,
  leaderboard: leaderboardRouter,
  rooms: roomsRouter,
  safety: safetyRouter,
});

/** The whole API's type: the one contract the web app and any other client compile against. */
export type AppRouter = typeof appRouter;
