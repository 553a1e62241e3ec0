/**
 * Start-up: resume the live session from `study.current` (also after a reload), or show the
 * ended session's summary named by the address's `?session=`.
 */
import type { ComputedRef } from 'vue';
import { watch } from 'vue';
import { useRoute } from 'vue-router';
import { useQuery } from '@tanstack/vue-query';
import { useTrpcOptions } from '../query';
import { useTrpc } from '../trpc';
import { onUserEvent } from '../userEvents';
import { STUDY_PATH } from '../../router/routes';
import { codeOf, isLive, type SessionStore } from './sessionStore';
import type { SessionSync } from './sessionSync';
import type { StudyPhase } from './useStudySession';

export interface SessionBootOptions {
  store: SessionStore;
  sync: SessionSync;
  isStreamLive: () => boolean;
  phase: ComputedRef<StudyPhase>;
}

export function useSessionBoot({ store, sync, isStreamLive, phase }: SessionBootOptions) {
  const client = useTrpc();
  const route = useRoute();
  const { session, booting, bootError } = store;
  const { adopt, clearSession, refresh } = sync;

  const trpc = useTrpcOptions();
  const current = useQuery(trpc.study.current.queryOptions(undefined, { staleTime: 0 }));

  watch(
    () => [current.data.value, current.error.value] as const,
    async ([view, error]) => {
      if (error && booting.value) bootError.value = "Couldn't load your study session.";
      if (view === undefined) return;
      bootError.value = null;
      const mine = session.value;
      if (view) {
        // While the room's stream is live it is fresher than this (possibly cached) answer.
        if (mine?.id === view.id && isStreamLive()) return;
        return adopt(view, current.dataUpdatedAt.value || Date.now());
      }
      // We thought it was live but the server says it is over (or was cancelled) elsewhere.
      if (mine && isLive(mine.status)) return refresh(mine.id);
      if (mine || !booting.value) return;
      const fromAddress =
        route.path === STUDY_PATH && typeof route.query.session === 'string' ? route.query.session : null;
      if (fromAddress && /^[0-9a-f]{24}$/.test(fromAddress)) {
        try {
          const past = await client.study.get.query({ sessionId: fromAddress });
          return adopt(past, Date.now());
        } catch (error) {
          // Not theirs, or gone: start afresh. Anything else is worth a line in the console.
          if (codeOf(error) !== 'NOT_FOUND')
            console.warn('Could not read the session named in the address', { sessionId: fromAddress, error });
        }
      }
      clearSession();
    },
    { immediate: true },
  );

  // A search started or stopped in another tab or device: show the same here.
  onUserEvent('searchChanged', () => void current.refetch());

  function retryBoot(): void {
    bootError.value = null;
    void current.refetch();
  }

  // The nav's "Study" link on the study page (no ?session=) leaves a finished session's summary.
  watch(
    () => [route.path, route.query.session] as const,
    ([path, id], [previousPath]) => {
      if (path === STUDY_PATH && previousPath === STUDY_PATH && id === undefined && phase.value === 'ended')
        clearSession();
    },
  );

  return { retryBoot, refetchCurrent: () => void current.refetch() };
}
