/**
 * The session we are in, kept by vue-query: its view is the `study.get` entry of its id, written
 * by the server's answers (`study.current`, `study.get`, the mutations, the stream's `state`)
 * and patched in place by the room's events. Here is only which id that is, and how to read
 * and write its entry.
 */
import type { SeatView, StudySessionView } from '@studysync/api';
import { computed, ref, type ComputedRef } from 'vue';
import { useQuery, useQueryClient } from '@tanstack/vue-query';
import { trpcKeys, useTrpcOptions } from '../query';
import { withPartner } from './sessionView';

/** The input of the observer while we are in no session (it never fetches). */
const NO_SESSION = { sessionId: '' };

export function useSessionCache() {
  const queryClient = useQueryClient();
  const trpc = useTrpcOptions();
  const keyOf = (sessionId: string) => trpcKeys.study.get.queryKey({ sessionId });
  const currentId = ref<string | null>(null);

  // Observes the current session's entry: that keeps it from being collected mid-session and makes
  // it reactive. It never fetches by itself (`enabled: false`): reads go through useSessionSync,
  // whose rules decide what the entry takes. `shallow`: the view stays the cache's own object.
  const observed = useQuery(() => ({
    ...trpc.study.get.queryOptions(currentId.value ? { sessionId: currentId.value } : NO_SESSION, { enabled: false }),
    shallow: true,
  }));

  /** The view of a session as the cache holds it, right now. */
  function viewOf(sessionId: string): StudySessionView | null {
    return queryClient.getQueryData(keyOf(sessionId)) ?? null;
  }
  /** The current session's view, right now (for logic; `session` is the same, for rendering). */
  function read(): StudySessionView | null {
    return currentId.value ? viewOf(currentId.value) : null;
  }

  const session: ComputedRef<StudySessionView | null> = computed(() => {
    const id = currentId.value;
    if (!id) return null;
    const data = observed.data.value;
    // The observer follows a new id before the next render; until then the entry is read directly.
    return data?.id === id ? data : viewOf(id);
  });
  const me = computed<SeatView | null>(() => session.value?.me ?? null);
  const partner = computed<SeatView | null>(() => session.value?.partner ?? null);

  /** Makes `view` the current session and its entry. */
  function put(view: StudySessionView): void {
    queryClient.setQueryData(keyOf(view.id), view);
    currentId.value = view.id;
  }
  function leave(): void {
    currentId.value = null;
  }

  /** Changes the current session's entry; nothing is written when `change` returns the same view. */
  function update(change: (view: StudySessionView) => StudySessionView): void {
    const view = read();
    if (!view) return;
    const next = change(view);
    if (next !== view) queryClient.setQueryData(keyOf(view.id), next);
  }
  const patchPartner = (change: Partial<SeatView>): void => update((view) => withPartner(view, change));

  /** How often a session's entry was written: a read that started before a later write may be stale. */
  function writesTo(sessionId: string): number {
    return queryClient.getQueryState(keyOf(sessionId))?.dataUpdateCount ?? 0;
  }

  return { currentId, session, me, partner, read, viewOf, put, leave, update, patchPartner, writesTo };
}

export type SessionCache = ReturnType<typeof useSessionCache>;
