/**
 * What the student can do: find a partner, stop looking, end early, check in, study again.
 * Each keeps its own error; a conflict with the server's state reads that state again.
 */
import type { SessionLength } from '@studysync/validators';
import { ref, type Ref } from 'vue';
import { useMutation } from '@tanstack/vue-query';
import { useTrpcOptions } from '../query';
import type { GoalResult } from './checkIn';
import type { SessionCache } from './sessionCache';
import type { SessionSync } from './sessionSync';
import { codeOf, messageOf } from './sessionView';

export interface SessionActionsOptions {
  cache: Pick<SessionCache, 'read'>;
  sync: Pick<SessionSync, 'adopt' | 'clearSession' | 'refresh'>;
  notice: Ref<string | null>;
  announce: (text: string) => void;
  refetchCurrent: () => void;
}

export function useSessionActions({ cache, sync, notice, announce, refetchCurrent }: SessionActionsOptions) {
  const { adopt, clearSession, refresh } = sync;

  const trpc = useTrpcOptions();
  const findPartnerMutation = useMutation(trpc.study.findPartner.mutationOptions());
  const cancelMutation = useMutation(trpc.study.cancel.mutationOptions({ invalidates: [trpc.study.current] }));
  const endEarlyMutation = useMutation(trpc.study.endEarly.mutationOptions({ invalidates: [trpc.study.current] }));
  const checkInMutation = useMutation(trpc.study.checkIn.mutationOptions({ invalidates: [trpc.study.stats] }));
  const findError = ref<string | null>(null);
  const cancelError = ref<string | null>(null);
  const endError = ref<string | null>(null);
  const checkInError = ref<string | null>(null);

  async function findPartner(minutes: SessionLength, goal: string): Promise<void> {
    findError.value = null;
    notice.value = null;
    try {
      const trimmed = goal.trim();
      const view = await findPartnerMutation.mutateAsync(trimmed ? { minutes, goal: trimmed } : { minutes });
      adopt(view, Date.now());
      // Asking again returns the search already running (another tab started it): never join it silently.
      if (view.plannedMinutes !== minutes) {
        notice.value = `You were already looking for a ${view.plannedMinutes}-minute partner (started in another tab). Cancel it to pick another length.`;
      }
      announce(view.status === 'active' ? 'Partner found. The timer has started.' : 'Looking for a partner…');
    } catch (error) {
      findError.value = messageOf(error, "Couldn't start looking for a partner. Try again.");
      if (codeOf(error) === 'CONFLICT') refetchCurrent();
    }
  }

  async function cancel(): Promise<void> {
    const mine = cache.read();
    if (!mine) return;
    cancelError.value = null;
    try {
      await cancelMutation.mutateAsync(undefined);
      const latest = cache.read();
      if (latest?.id === mine.id && latest.status === 'waiting') clearSession();
      announce('Stopped looking for a partner.');
    } catch (error) {
      if (codeOf(error) === 'CONFLICT') {
        notice.value = 'A partner joined just now: your session has started.';
        await refresh(mine.id);
      } else {
        cancelError.value = messageOf(error, "Couldn't cancel. Try again.");
      }
    }
  }

  /** Resolves true when the session ended (the dialog then closes). */
  async function endEarly(): Promise<boolean> {
    const mine = cache.read();
    if (!mine) return false;
    endError.value = null;
    try {
      adopt(await endEarlyMutation.mutateAsync({ sessionId: mine.id }), Date.now());
      announce('You ended the session early.');
      return true;
    } catch (error) {
      if (codeOf(error) === 'PRECONDITION_FAILED') {
        // It ended already (time ran out, or the partner ended it): show how.
        await refresh(mine.id);
        return true;
      }
      endError.value = messageOf(error, "Couldn't end the session. Try again.");
      return false;
    }
  }

  async function checkIn(result: GoalResult, note: string): Promise<void> {
    const mine = cache.read();
    if (!mine) return;
    checkInError.value = null;
    try {
      const trimmed = note.trim();
      const view = await checkInMutation.mutateAsync(
        trimmed ? { sessionId: mine.id, result, note: trimmed } : { sessionId: mine.id, result },
      );
      adopt(view, Date.now());
      announce('Check-in saved.');
    } catch (error) {
      checkInError.value = messageOf(error, "Couldn't save your check-in. Try again.");
      if (codeOf(error) === 'CONFLICT') void refresh(mine.id);
    }
  }

  /** Stops this search and looks for a partner of another length (someone waits there), same goal. */
  async function switchLength(minutes: SessionLength): Promise<void> {
    const mine = cache.read();
    if (!mine || mine.status !== 'waiting') return;
    const goal = mine.me.goal ?? '';
    await cancel();
    // Still ours to choose: a partner may have joined meanwhile (then cancel says so).
    if (!cache.read()) await findPartner(minutes, goal);
  }

  function studyAgain(): void {
    notice.value = null;
    clearSession();
  }

  return {
    findPartner,
    finding: findPartnerMutation.isPending,
    findError,
    cancel,
    cancelling: cancelMutation.isPending,
    cancelError,
    endEarly,
    ending: endEarlyMutation.isPending,
    endError,
    checkIn,
    checkingIn: checkInMutation.isPending,
    checkInError,
    switchLength,
    studyAgain,
  };
}
