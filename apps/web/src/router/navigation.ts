// What pages and composables need of navigation, apart from the router itself: the router
// (`index.ts`) imports every page, so a page importing it would close a cycle.
import type { RouteLocationNormalized } from 'vue-router';

/** The document title of a route (a session's time left is put before it, see useSessionTitle). */
export function pageTitle(route: Pick<RouteLocationNormalized, 'matched'>): string {
  const title = [...route.matched].reverse().find((record) => record.meta.title)?.meta.title;
  return title ? `${title} · StudySync` : 'StudySync · Study together, stay on track';
}

/**
 * `redirect` query values we follow: same-site absolute paths only, so a
 * crafted link can't bounce a fresh sign-in to another origin.
 */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}
