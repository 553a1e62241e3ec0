import type { QueryClient } from '@tanstack/vue-query';
import { createRouter, type RouteLocationRaw, type Router, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import type { Component } from 'vue';
import { fetchCurrentUser } from '../lib/session';
import type { TrpcClient } from '../lib/trpc';
import { pageTitle, safeRedirect } from './navigation';
import { HOME_PATH, ROUTES, SIGN_IN_PATH, type PageName, type RouteEntry } from './routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users; others go to /signin?redirect=… */
    requiresAuth?: boolean;
    /** Only for signed-out users (sign in/up); others go to /home. */
    guestOnly?: boolean;
    /** Document title prefix. */
    title?: string;
  }
}

// This file imports every page, so nothing a page imports may import it (that would be a cycle):
// the paths live in routes.ts, titles and redirects in navigation.ts.
const pages: Record<PageName, () => Promise<Component>> = {
  landing: () => import('../pages/LandingPage.vue'),
  signin: () => import('../pages/SignInPage.vue'),
  signup: () => import('../pages/SignUpPage.vue'),
  shell: () => import('../layouts/AppShell.vue'),
  home: () => import('../pages/HomePage.vue'),
  planner: () => import('../pages/PlannerPage.vue'),
  study: () => import('../pages/StudyPage.vue'),
  rooms: () => import('../pages/RoomsPage.vue'),
  'room-new': () => import('../pages/RoomCreatePage.vue'),
  room: () => import('../pages/RoomPage.vue'),
  progress: () => import('../pages/ProgressPage.vue'),
  leaderboard: () => import('../pages/LeaderboardPage.vue'),
  settings: () => import('../pages/SettingsPage.vue'),
  account: () => import('../pages/AccountPage.vue'),
  history: () => import('../pages/HistoryPage.vue'),
  'not-found': () => import('../pages/NotFoundPage.vue'),
};

function withPages(entries: RouteEntry[]): RouteRecordRaw[] {
  return entries.map((entry): RouteRecordRaw => {
    if (entry.redirect !== undefined) return { path: entry.path, redirect: entry.redirect };
    if (!entry.page) throw new Error(`Route ${entry.path} has neither a page nor a redirect`);
    const record = { path: entry.path, component: pages[entry.page], meta: entry.meta ?? {} };
    return entry.children ? { ...record, children: withPages(entry.children) } : { ...record, name: entry.page };
  });
}

const routes = withPages(ROUTES);

export interface AppRouterDeps {
  history: RouterHistory;
  queryClient: QueryClient;
  client: TrpcClient;
}

export function createAppRouter({ history, queryClient, client }: AppRouterDeps): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
    const requiresAuth = to.matched.some((record) => record.meta.requiresAuth);
    const guestOnly = to.matched.some((record) => record.meta.guestOnly);
    if (!requiresAuth && !guestOnly) return true;

    // If the API is unreachable, treat the visitor as signed out: the sign-in
    // page then shows the real error when they try.
    const user = await fetchCurrentUser(queryClient, client).catch(() => null);
    if (requiresAuth && !user) return { path: SIGN_IN_PATH, query: { redirect: to.fullPath } };
    if (guestOnly && user) return safeRedirect(to.query.redirect) ?? HOME_PATH;
    return true;
  });

  router.afterEach((to) => {
    document.title = pageTitle(to);
  });

  return router;
}
