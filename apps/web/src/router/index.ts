import type { QueryClient } from '@tanstack/vue-query';
import { createRouter, type RouteLocationRaw, type Router, type RouterHistory, type RouteRecordRaw } from 'vue-router';
import { fetchCurrentUser } from '../lib/session';
import type { TrpcClient } from '../lib/trpc';

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

export const HOME_PATH = '/home';
export const SIGN_IN_PATH = '/signin';

/**
 * `redirect` query values we follow: same-site absolute paths only, so a
 * crafted link can't bounce a fresh sign-in to another origin.
 */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'landing',
    component: () => import('../pages/LandingPage.vue'),
  },
  {
    path: '/signin',
    name: 'signin',
    component: () => import('../pages/SignInPage.vue'),
    meta: { guestOnly: true, title: 'Sign in' },
  },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('../pages/SignUpPage.vue'),
    meta: { guestOnly: true, title: 'Create your account' },
  },
  {
    // The signed-in shell. Feature pages are added as children (absolute paths).
    path: '/app',
    component: () => import('../layouts/AppShell.vue'),
    meta: { requiresAuth: true },
    children: [
      { path: '', redirect: HOME_PATH },
      {
        path: HOME_PATH,
        name: 'home',
        component: () => import('../pages/HomePage.vue'),
        meta: { title: 'Home' },
      },
      {
        path: '/planner',
        name: 'planner',
        component: () => import('../pages/PlannerPage.vue'),
        meta: { title: 'Planner' },
      },
      {
        path: '/study',
        name: 'study',
        component: () => import('../pages/StudyPage.vue'),
        meta: { title: 'Study' },
      },
      {
        path: '/progress',
        name: 'progress',
        component: () => import('../pages/ProgressPage.vue'),
        meta: { title: 'Progress' },
      },
      {
        path: '/leaderboard',
        name: 'leaderboard',
        component: () => import('../pages/LeaderboardPage.vue'),
        meta: { title: 'Leaderboard' },
      },
      {
        path: '/settings',
        name: 'settings',
        component: () => import('../pages/SettingsPage.vue'),
        meta: { title: 'Settings' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../pages/NotFoundPage.vue'),
    meta: { title: 'Page not found' },
  },
];

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
    const title = [...to.matched].reverse().find((record) => record.meta.title)?.meta.title;
    document.title = title ? `${title} · StudySync` : 'StudySync · Study together, stay on track';
  });

  return router;
}
