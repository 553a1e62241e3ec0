/**
 * Start-up: resume the live session from `study.current` (also after a reload), or show the
 * ended session's summary named by the address's `?session=`.
 */
import type { ComputedRef } from 'vue';
import { watch } from 'vue';
import { useRoute } from 'vue-router';
import { useQuery } from '@tanstack/vue-query';
import { useTrpcOptions } from '../query';
import { onUserEvent } from '../userEvents';
import { STUDY_PATH } from '../../router/routes';
import type { SessionCache } from './sessionCache';
import type { SessionSync } from './sessionSync';
import { codeOf, isLive, type StudyPhase } from './sessionView';

export interface SessionBootOptions {
  cache: Pick<SessionCache, 'read'>;
  sync: SessionSync;
  isStreamLive: () => boolean;
  phase: ComputedRef<StudyPhase>;
}

export function useSessionBoot({ cache, sync, isStreamLive, phase }: SessionBootOptions) {
  const route = useRoute();
  const { booting, bootError, adopt, clearSession, readSession, refresh } = sync;

  const trpc = useTrpcOptions();
  // `shallow`: the view adopted into the session's entry is the answer itself, not a reactive proxy.
  const current = useQuery({ ...trpc.study.current.queryOptions(undefined, { staleTime: 0 }), shallow: true });

  watch(
    () => [current.data.value, current.error.value] as const,
    async ([view, error]) => {
      if (error && booting.value) bootError.value = "Couldn't load your study session.";
      if (view === undefined) return;
      bootError.value = null;
      const mine = cache.read();
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
          return await readSession(fromAddress);
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
