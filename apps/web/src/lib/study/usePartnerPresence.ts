/**
 * How the partner appears (joining, online, back, left…), and the announcements their comings
 * and goings make.
 */
import type { SeatView, StudySessionView } from '@studysync/api';
import { useTimeoutFn } from '@vueuse/core';
import { computed, ref, type ComputedRef } from 'vue';
import { partnerPresence, type PartnerPresence } from './presence';

/** Right after pairing, a partner not connected yet is "joining" (not "left") this long. */
const JOINING_GRACE_MS = 30_000;
/** How long "Back" shows after the partner returns. */
const BACK_VISIBLE_MS = 8_000;

export interface PartnerPresenceOptions {
  partner: ComputedRef<SeatView | null>;
  patchPartner: (change: Partial<SeatView>) => void;
  announce: (text: string) => void;
}

export function usePartnerPresence({ partner, patchPartner, announce }: PartnerPresenceOptions) {
  const partnerBack = ref(false);
  /** Just paired and their page hasn't connected yet (no one "left"). */
  const partnerJoining = ref(false);
  /** "Back" means back: only once the partner was seen online in this session. */
  let partnerSeenOnline = false;
  const backShown = useTimeoutFn(() => (partnerBack.value = false), BACK_VISIBLE_MS, { immediate: false });

  const presence = computed<PartnerPresence | null>(() =>
    partner.value
      ? partnerPresence(partner.value, { recentlyBack: partnerBack.value, justPaired: partnerJoining.value })
      : null,
  );

  /** Called when a view from the server is taken as the truth, before it replaces `previous`. */
  function onAdopt(view: StudySessionView, previous: StudySessionView | null): void {
    if (previous?.id !== view.id) partnerSeenOnline = false;
    if (view.partner?.online) partnerSeenOnline = true;
    partnerJoining.value =
      !partnerSeenOnline &&
      view.startedAt !== null &&
      Date.parse(view.serverTime) - Date.parse(view.startedAt) < JOINING_GRACE_MS;
  }

  function onPresence(online: boolean): void {
    const seat = partner.value;
    if (!seat || seat.online === online) return;
    patchPartner({ online });
    if (online) {
      // Their first connection (just paired, or opening the page) is no return.
      if (!partnerSeenOnline) {
        partnerSeenOnline = true;
        partnerJoining.value = false;
        return;
      }
      markBack();
      announce(`${seat.username} is back`);
    } else {
      partnerBack.value = false;
      partnerJoining.value = false;
      announce(`${seat.username} left the room`);
    }
  }

  function markBack(): void {
    partnerBack.value = true;
    backShown.start();
  }

  return { partnerBack, partnerJoining, presence, onAdopt, onPresence, markBack };
}

export type PartnerPresenceState = ReturnType<typeof usePartnerPresence>;
