/**
 * Which session we are in: views from the server are adopted into the cache (unless older than
 * what we know), the session is left when over, and `study.get` reads it again on demand. The
 * study page's `?session=` follows along.
 */
import type { StudySessionView } from '@studysync/api';
import { isCancelledError, useQueryClient } from '@tanstack/vue-query';
import { onScopeDispose, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useTrpcOptions } from '../query';
import { clockOffsetMs } from './countdown';
import { STUDY_PATH } from '../../router/routes';
import type { SessionCache } from './sessionCache';
import { isLive, rank } from './sessionView';
import type { PartnerPresenceState } from './usePartnerPresence';

/** A read overtaken by the stream is made again, up to this many times in all (the last one counts). */
const READ_ATTEMPTS = 3;

export function useSessionSync(
  cache: SessionCache,
  presence: Pick<PartnerPresenceState, 'onAdopt'>,
  refreshNow: () => void,
) {
  const queryClient = useQueryClient();
  const trpc = useTrpcOptions();
  const route = useRoute();
  const router = useRouter();
  /** Server clock minus local clock, measured when the session's state last arrived. */
  const offsetMs = ref(0);
  /** The server confirmed the end (minutes and stats are final). */
  const endConfirmed = ref(false);
  const booting = ref(true);
  const bootError = ref<string | null>(null);
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
      if (path === STUDY_PATH && cache.currentId.value) replaceSessionInAddress(cache.currentId.value);
    },
  );

  /** Takes a view from the server as the truth, unless it is older than what we know. */
  function adopt(view: StudySessionView, receivedAt: number): void {
    const previous = cache.read();
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
    cache.put(view);
    endConfirmed.value = !isLive(view.status);
    booting.value = false;
    replaceSessionInAddress(view.id);
  }

  function clearSession(): void {
    if (cache.currentId.value) dismissed.add(cache.currentId.value);
    cache.leave();
    endConfirmed.value = false;
    booting.value = false;
    replaceSessionInAddress(null);
  }

  /**
   * Reads a session (`study.get`, through vue-query, which shares one request between callers)
   * and adopts the answer; read again while the stream writes the entry meanwhile. The entry
   * keeps what `adopt` kept. Rejects as the read does.
   */
  async function readSession(sessionId: string): Promise<void> {
    const options = trpc.study.get.queryOptions({ sessionId }, { staleTime: 0, retry: false });
    await queryClient.fetchQuery({
      ...options,
      queryFn: async (context) => {
        for (let attempt = 1; ; attempt++) {
          const writes = cache.writesTo(sessionId);
          const view = await options.queryFn(context);
          const receivedAt = Date.now();
          const current = cache.read();
          // Meanwhile we left this session, or moved on to another one (or were never in this one).
          const movedOn =
            context.signal.aborted || (current && current.id !== sessionId && current.status !== 'waiting');
          if (movedOn) return cache.viewOf(sessionId) ?? view;
          if (cache.writesTo(sessionId) === writes || attempt === READ_ATTEMPTS) {
            adopt(view, receivedAt);
            return cache.viewOf(sessionId) ?? view;
          }
        }
      },
    });
  }

  /** Reads the session again; on failure keeps what we have (the stream, or the next read, corrects it). */
  async function refresh(sessionId = cache.currentId.value): Promise<void> {
    if (!sessionId) return;
    try {
      await readSession(sessionId);
    } catch (error) {
      // We left that session while reading it (its observer went away): the answer is not wanted.
      if (isCancelledError(error)) return;
      console.warn('Could not read the session again', { sessionId, error });
    }
  }

  return { offsetMs, endConfirmed, booting, bootError, adopt, clearSession, readSession, refresh };
}

export type SessionSync = ReturnType<typeof useSessionSync>;
