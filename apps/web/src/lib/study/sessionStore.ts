/**
 * The session's state as last known, and the in-place patches the room's events make to it.
 * Shared by the other parts of `useStudySession`, which is why it is plain refs and functions.
 */
import type { SeatView, StudySessionView } from '@studysync/api';
import { computed, ref, shallowRef } from 'vue';
import type { TrpcError } from '../trpc';

/** How far along a status is: a view never moves a session back. */
export const rank: Record<StudySessionView['status'], number> = {
  waiting: 0,
  active: 1,
  completed: 2,
  endedEarly: 2,
  cancelled: 2,
};
export const isLive = (status: StudySessionView['status']): boolean => status === 'waiting' || status === 'active';

export function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
export function codeOf(error: unknown): string | undefined {
  return (error as Partial<TrpcError> | null)?.data?.code;
}

export function createSessionStore() {
  const session = shallowRef<StudySessionView | null>(null);
  /** Server clock minus local clock, measured when the session's state last arrived. */
  const offsetMs = ref(0);
  /** The server confirmed the end (minutes and stats are final). */
  const endConfirmed = ref(false);
  const booting = ref(true);
  const bootError = ref<string | null>(null);
  /** Bumped by every state change applied from the stream: a `study.get` that started before is stale. */
  let version = 0;

  const me = computed<SeatView | null>(() => session.value?.me ?? null);
  const partner = computed<SeatView | null>(() => session.value?.partner ?? null);

  function bumpVersion(): void {
    version++;
  }
  function currentVersion(): number {
    return version;
  }

  function patch(change: Partial<StudySessionView>): void {
    if (!session.value) return;
    version++;
    session.value = { ...session.value, ...change };
  }

  function patchPartner(change: Partial<SeatView>): void {
    const current = session.value;
    if (!current?.partner) return;
    patch({ partner: { ...current.partner, ...change } });
  }

  return {
    session,
    offsetMs,
    endConfirmed,
    booting,
    bootError,
    me,
    partner,
    bumpVersion,
    currentVersion,
    patch,
    patchPartner,
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
