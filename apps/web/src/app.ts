import { VueQueryPlugin, type QueryClient } from '@tanstack/vue-query';
import type { App, Plugin } from 'vue';
import type { Router, RouterHistory } from 'vue-router';
import { createAppQueryClient } from './lib/queryClient';
import { setCurrentUser } from './lib/session';
import { provideApi, type ApiContext } from './lib/trpc';
import { createAppRouter } from './router';

export interface StudySyncOptions {
  api: ApiContext;
  history: RouterHistory;
  queryClient?: QueryClient;
}

export interface StudySync {
  /** Installs the API, vue-query and the router into an app. */
  plugin: Plugin;
  router: Router;
  queryClient: QueryClient;
}

/** Everything the app needs, wired once; `main.ts` and the tests both use it. */
export function createStudySync({ api, history, queryClient }: StudySyncOptions): StudySync {
  const cache: QueryClient =
    queryClient ??
    createAppQueryClient({
      // A query answered 401: the session is gone. The shell sees `user === null` and sends the visitor to sign in.
      onUnauthorized: () => setCurrentUser(cache, null),
    });
  const router = createAppRouter({ history, queryClient: cache, client: api.client });
  const plugin: Plugin = {
    install(app: App) {
      provideApi(app, api);
      app.use(VueQueryPlugin, { queryClient: cache });
      app.use(router);
    },
  };
  return { plugin, router, queryClient: cache };
}
