import { accountRouter } from './routers/account';
import { authRouter } from './routers/auth';
import { studyRouter } from './routers/study';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  study: studyRouter,
});

/** The whole API's type: the one contract the web app and any other client compile against. */
export type AppRouter = typeof appRouter;
