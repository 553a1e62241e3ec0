/**
 * Which session we are in: views from the server are adopted (unless older than what we know),
 * the session is cleared when over, and `study.get` reads it again on demand. The study page's
 * `?session=` follows along.
 */
import type { StudySessionView } from '@studysync/api';
import { onScopeDispose, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useTrpc } from '../trpc';
import { clockOffsetMs } from './countdown';
import { STUDY_PATH } from '../../router/routes';
import { isLive, rank, type SessionStore } from './sessionStore';
import type { PartnerPresenceState } from './usePartnerPresence';

export function useSessionSync(
  store: SessionStore,
  presence: Pick<PartnerPresenceState, 'onAdopt'>,
  refreshNow: () => void,
) {
  const client = useTrpc();
  const route = useRoute();
  const router = useRouter();
  const { session, offsetMs, endConfirmed, booting } = store;
  /** Sessions the student closed the summary of: never shown again by a late answer. */
  const dismissed = new Set<string>();

  // The session lives with the signed-in shell, on every page; only the study page's address names it.
  let disposed = false;
  onScopeDispose(() => (disposed = true));
  function replaceSessionInAddress(id: string | null): void {
    if (disposed || route.path !== STUDY_PATH) return;
    const query = { ...route.query };
    if (id) query.session = id;
    else delete query.session;
    if (route.query.session !== query.session) void router.replace({ query });
  }
  // Back on the study page (from the session bar, or the nav): its address names the session again.
  watch(
    () => route.path,
    (path) => {
      if (path === STUDY_PATH && session.value) replaceSessionInAddress(session.value.id);
    },
  );

  /** Takes a view from the server as the truth, unless it is older than what we know. */
  function adopt(view: StudySessionView, receivedAt: number): void {
    const previous = session.value;
    if (disposed || dismissed.has(view.id)) return;
    if (view.status === 'cancelled') {
      if (!previous || previous.id === view.id) clearSession();
      return;
    }
    if (previous && previous.id === view.id && rank[view.status] < rank[previous.status]) return;
    offsetMs.value = clockOffsetMs(view.serverTime, receivedAt);
    // The clock ref may be a tick old; with a fresh offset it must be fresh too.
    refreshNow();
    presence.onAdopt(view, previous);
    session.value = view;
    endConfirmed.value = !isLive(view.status);
    booting.value = false;
    replaceSessionInAddress(view.id);
  }

  function clearSession(): void {
    if (session.value) dismissed.add(session.value.id);
    session.value = null;
    endConfirmed.value = false;
    booting.value = false;
    replaceSessionInAddress(null);
  }

  const refreshing = new Map<string, Promise<void>>();
  /** Reads the session again (`study.get`); retried while stream events overtake it. */
  function refresh(sessionId = session.value?.id): Promise<void> {
    if (!sessionId) return Promise.resolve();
    const running = refreshing.get(sessionId);
    if (running) return running;
    const run = (async () => {
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const startedAt = store.currentVersion();
          const view = await client.study.get.query({ sessionId });
          const receivedAt = Date.now();
          const current = session.value;
          // Meanwhile we moved on to another session (or were never in this one).
          if (current && current.id !== sessionId && current.status !== 'waiting') return;
          if (store.currentVersion() === startedAt || attempt === 2) {
            adopt(view, receivedAt);
            return;
          }
        }
      } catch (error) {
        // Keep what we have: the stream, or the next refresh, corrects it.
        console.warn('Could not read the session again', { sessionId, error });
      } finally {
        refreshing.delete(sessionId);
      }
    })();
    refreshing.set(sessionId, run);
    return run;
  }

  return { adopt, clearSession, refresh };
}

export type SessionSync = ReturnType<typeof useSessionSync>;
