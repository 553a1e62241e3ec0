/**
 * The student's study session, as state and actions (one per sign-in: studySessionContext.ts):
 *
 * - which session we are in: resumed from `study.current` (also after a reload), or from the
 *   `?session=` of the address (an ended session's summary), or started with `findPartner`;
 *   its view is vue-query's `study.get` entry (sessionCache.ts), which every answer and every
 *   room event updates;
 * - the room's live stream, `study.events`: history first, then subscribe from its newest id,
 *   merging by event id so the wsLink's resend of the last id after a reconnect (and the
 *   server's backfill) never duplicates or reorders anything;
 * - the countdown, from `endsAt` and the server clock offset measured when each state arrived;
 * - partner presence, announcements for screen readers, alerts (with consent);
 * - the end: at once from the room's events, then confirmed (and completed) by `study.get`.
 *
 * Each concern lives in its own file; this composes them, in the order their watchers and
 * subscriptions must be set up.
 */
import { useTimeoutFn } from '@vueuse/core';
import { computed, ref, watch } from 'vue';
import { useQuery, useQueryClient } from '@tanstack/vue-query';
import { trpcKeys, useTrpcOptions } from '../query';
import { useStudyAlerts } from './alerts';
import { elapsedMs, remainingMs } from './countdown';
import { useRoomEventEffects } from './roomEventEffects';
import { useRoomStream } from './roomStream';
import { useSessionActions } from './sessionActions';
import { useSessionBoot } from './sessionBoot';
import { useSessionCache } from './sessionCache';
import { useSessionSync } from './sessionSync';
import { phaseOf, type StudyPhase } from './sessionView';
import { useTimeUpPoll } from './timeUpPoll';
import { useNow } from './useNow';
import { usePartnerPresence } from './usePartnerPresence';
import { useRoomChat } from './useRoomChat';
import { onUserEvent } from '../userEvents';

/** Stats are written just after the end is announced: read them again after this long. */
const STATS_SETTLE_MS = 2_000;

export function useStudySession() {
  const queryClient = useQueryClient();
  const alerts = useStudyAlerts();
  const chat = useRoomChat();
  // A block made in another tab (or here) empties this chat of that student at once.
  onUserEvent('blocksChanged', (event) => {
    if (event.blocked) chat.hideAuthor(event.userId);
  });
  const { now, refresh: refreshNow } = useNow();

  const cache = useSessionCache();
  const { session, me, partner } = cache;
  const notice = ref<string | null>(null);
  const announcement = ref('');
  const chatAnnouncement = ref('');

  function announce(text: string): void {
    announcement.value = text;
  }

  const presenceState = usePartnerPresence({ partner, patchPartner: cache.patchPartner, announce });
  const sync = useSessionSync(cache, presenceState, refreshNow);
  const { offsetMs, endConfirmed, booting, bootError } = sync;
  const phase = computed<StudyPhase>(() => phaseOf(session.value, booting.value, bootError.value));

  const totalMs = computed(() => {
    const current = session.value;
    if (!current?.startedAt || !current.endsAt) return (current?.plannedMinutes ?? 0) * 60_000;
    return Date.parse(current.endsAt) - Date.parse(current.startedAt);
  });
  /** One of the session's minutes in ms (shorter on test servers that speed time up). */
  const minuteMs = computed(() => (session.value ? totalMs.value / session.value.plannedMinutes : 60_000));
  // Never more than the session's length, whatever the clocks say.
  const remaining = computed(() =>
    Math.min(totalMs.value, remainingMs(session.value?.endsAt ?? null, now.value, offsetMs.value)),
  );
  const lastFiveMinutes = computed(() => remaining.value > 0 && remaining.value <= 5 * minuteMs.value);
  const waitingFor = computed(() =>
    session.value ? elapsedMs(session.value.createdAt, now.value, offsetMs.value) : 0,
  );

  const { onNewEvent } = useRoomEventEffects({
    cache,
    sync,
    presence: presenceState,
    chat,
    alerts,
    announce,
    chatAnnouncement,
  });
  const { streamError, streamReconnecting, isStreamLive, reconnect } = useRoomStream({
    cache,
    sync,
    presence: presenceState,
    chat,
    onNewEvent,
  });

  // Found a partner while waiting (from the room, the personal stream or a read): tell them, if they agreed.
  watch(session, (next, previous) => {
    if (next?.status === 'active' && previous?.id === next.id && previous.status === 'waiting')
      alerts.alert({ title: 'Partner found', body: 'Your session has started.', kind: 'notice' });
  });

  useTimeUpPoll(
    () => phase.value === 'active' && remaining.value === 0,
    () => sync.refresh(),
  );

  const { retryBoot, refetchCurrent } = useSessionBoot({ cache, sync, isStreamLive, phase });
  const actions = useSessionActions({ cache, sync, notice, announce, refetchCurrent });

  // The end: stats, read again once the server has written them.
  const trpc = useTrpcOptions();
  const stats = useQuery(trpc.study.stats.queryOptions(undefined, { enabled: () => endConfirmed.value, staleTime: 0 }));
  const statsSettled = useTimeoutFn(
    () => void queryClient.invalidateQueries(trpcKeys.study.stats.pathFilter()),
    STATS_SETTLE_MS,
    { immediate: false },
  );
  watch(endConfirmed, (confirmed) => (confirmed ? statsSettled.start() : statsSettled.stop()));

  return {
    phase,
    session,
    me,
    partner,
    presence: presenceState.presence,
    remaining,
    totalMs,
    lastFiveMinutes,
    waitingFor,
    offsetMs,
    endConfirmed,
    notice,
    announcement,
    chatAnnouncement,
    bootError,
    retryBoot,
    chat,
    streamError,
    streamReconnecting,
    reconnect,
    alerts,
    stats,
    ...actions,
  };
}

export type StudySession = ReturnType<typeof useStudySession>;
