import type { RouteMeta } from 'vue-router';

/**
 * The app's route table without its pages: the router (`index.ts`) gives each name its page,
 * and the build lists the paths for the server (`appPaths`), which answers 404 for any other.
 * Plain data, so the Vite config can read it.
 */
export interface RouteEntry {
  path: string;
  /** The page shown; also the route's name, except on a parent (its '' child is the one to name). */
  page?: PageName;
  redirect?: string;
  meta?: RouteMeta;
  children?: RouteEntry[];
}

export type PageName =
  | 'landing'
  | 'signin'
  | 'signup'
  | 'shell'
  | 'home'
  | 'planner'
  | 'study'
  | 'rooms'
  | 'room-new'
  | 'room'
  | 'progress'
  | 'leaderboard'
  | 'settings'
  | 'account'
  | 'history'
  | 'not-found';

export const HOME_PATH = '/home';
export const SIGN_IN_PATH = '/signin';
export const STUDY_PATH = '/study';
export const ROOMS_PATH = '/rooms';

export const ROUTES: RouteEntry[] = [
  { path: '/', page: 'landing' },
  { path: SIGN_IN_PATH, page: 'signin', meta: { guestOnly: true, title: 'Sign in' } },
  { path: '/signup', page: 'signup', meta: { guestOnly: true, title: 'Create your account' } },
  {
    // The signed-in shell. Feature pages are added as children (absolute paths).
    path: '/app',
    page: 'shell',
    meta: { requiresAuth: true },
    children: [
      { path: '', redirect: HOME_PATH },
      { path: HOME_PATH, page: 'home', meta: { title: 'Home' } },
      { path: '/planner', page: 'planner', meta: { title: 'Planner' } },
      { path: STUDY_PATH, page: 'study', meta: { title: 'Study' } },
      { path: ROOMS_PATH, page: 'rooms', meta: { title: 'Study rooms' } },
      { path: `${ROOMS_PATH}/new`, page: 'room-new', meta: { title: 'Create a room' } },
      { path: `${ROOMS_PATH}/:roomId`, page: 'room', meta: { title: 'Study room' } },
      { path: '/progress', page: 'progress', meta: { title: 'Progress' } },
      { path: '/leaderboard', page: 'leaderboard', meta: { title: 'Leaderboard' } },
      { path: '/settings', page: 'settings', meta: { title: 'Settings' } },
      { path: '/account', page: 'account', meta: { title: 'Account' } },
      { path: '/history', page: 'history', meta: { title: 'Session history' } },
    ],
  },
  { path: '/:pathMatch(.*)*', page: 'not-found', meta: { title: 'Page not found' } },
];

/**
 * Every path the app has a page for, as the server matches them: static segments, and `:name`
 * for one segment of any value. The catch-all (`/:pathMatch…`, the app's 404 page) is left out.
 */
export function appPaths(routes: RouteEntry[] = ROUTES): string[] {
  const walk = (entries: RouteEntry[], parent: string): string[] =>
    entries.flatMap((route) => {
      if (route.path.startsWith('/:pathMatch')) return [];
      if (route.path.includes('(')) throw new Error(`${route.path}: the server matches only plain and :param segments`);
      const path = route.path.startsWith('/') ? route.path : `${parent.replace(/\/$/, '')}/${route.path}`;
      return [path.length > 1 ? path.replace(/\/$/, '') : path, ...walk(route.children ?? [], path)];
    });
  return [...new Set(walk(routes, ''))];
}
