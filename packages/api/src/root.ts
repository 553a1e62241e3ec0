import { accountRouter } from './routers/account';
import { authRouter } from './routers/auth';
import { notificationsRouter } from './routers/notifications';
import { leaderboardRouter } from './routers/leaderboard';
import { lobbyRouter } from './routers/lobby';
import { plannerRouter } from './routers/planner';
import { progressRouter } from './routers/progress';
import { studyRouter } from './routers/study';
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
});

/** The whole API's type: the one contract the web app and any other client compile against. */
export type AppRouter = typeof appRouter;
