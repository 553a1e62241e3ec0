/**
 * Everything the /study page does, as state and actions:
 *
 * - which session we are in: resumed from `study.current` (also after a reload), or from the
 *   `?session=` of the address (an ended session's summary), or started with `findPartner`;
 * - the room's live stream, `study.events`: history first, then subscribe from its newest id,
 *   merging by event id so the wsLink's resend of the last id after a reconnect (and the
 *   server's backfill) never duplicates or reorders anything;
 * - the countdown, from `endsAt` and the server clock offset measured when each state arrived;
 * - partner presence, announcements for screen readers, alerts (with consent);
 * - the end: at once from the room's events, then confirmed (and completed) by `study.get`.
 */
import type { PersistedRoomEvent, RoomEvent, SeatView, StudySessionView } from '@studysync/api';
import type { SessionLength } from '@studysync/validators';
import { computed, nextTick, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useTrpcInvalidate, useTrpcMutation, useTrpcQuery, useTrpcSubscription, type SubscriptionData } from '../query';
import { useTrpc, type TrpcError } from '../trpc';
import { onUserEvent } from '../userEvents';
import { useStudyAlerts } from './alerts';
import type { GoalResult } from './checkIn';
import { clockOffsetMs, elapsedMs, remainingMs } from './countdown';
import { isPersistedRoomEvent } from './roomLog';
import { partnerPresence, type PartnerPresence } from './presence';
import { useNow } from './useNow';
import { useRoomChat } from './useRoomChat';

export type StudyPhase = 'loading' | 'error' | 'idle' | 'waiting' | 'active' | 'ended';
type StreamItem = SubscriptionData<'study.events'>;

/** Right after pairing, a partner not connected yet is "joining" (not "left") this long. */
const JOINING_GRACE_MS = 30_000;
/** How long "Back" shows after the partner returns. */
const BACK_VISIBLE_MS = 8_000;
/** After the countdown reaches zero without word from the server, ask this often. */
const TIME_UP_POLL_MS = 3_000;
/** Stats are written just after the end is announced: read them again after this long. */
const STATS_SETTLE_MS = 2_000;
/** Live moments older than this (a backfill after a long sleep) don't beep. */
const ALERT_FRESH_MS = 120_000;

const rank: Record<StudySessionView['status'], number> = {
  waiting: 0,
  active: 1,
  completed: 2,
  endedEarly: 2,
  cancelled: 2,
};
const isLive = (status: StudySessionView['status']): boolean => status === 'waiting' || status === 'active';

function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
function codeOf(error: unknown): string | undefined {
  return (error as Partial<TrpcError> | null)?.data?.code;
}

export function useStudySession() {
  const client = useTrpc();
  const route = useRoute();
  const router = useRouter();
  const invalidate = useTrpcInvalidate();
  const alerts = useStudyAlerts();
  const chat = useRoomChat();
  const { now, refresh: refreshNow } = useNow();

  const session = shallowRef<StudySessionView | null>(null);
  /** Server clock minus local clock, measured when the session's state last arrived. */
  const offsetMs = ref(0);
  /** The server confirmed the end (minutes and stats are final). */
  const endConfirmed = ref(false);
  const booting = ref(true);
  const bootError = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const announcement = ref('');
  const chatAnnouncement = ref('');
  const partnerBack = ref(false);
  /** "Back" means back: only once the partner was seen online in this session. */
  let partnerSeenOnline = false;
  /** Sessions the student closed the summary of: never shown again by a late answer. */
  const dismissed = new Set<string>();
  /** Bumped by every state change applied from the stream: a `study.get` that started before is stale. */
  let version = 0;
  let backTimer: ReturnType<typeof setTimeout> | undefined;

  const me = computed<SeatView | null>(() => session.value?.me ?? null);
  const partner = computed<SeatView | null>(() => session.value?.partner ?? null);

  const phase = computed<StudyPhase>(() => {
    const current = session.value;
    if (!current) return booting.value ? (bootError.value ? 'error' : 'loading') : 'idle';
    if (current.status === 'waiting') return 'waiting';
    if (current.status === 'active') return 'active';
    return 'ended';
  });

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
  /** Just paired and their page hasn't connected yet (no one "left"). */
  const partnerJoining = ref(false);
  const presence = computed<PartnerPresence | null>(() =>
    partner.value
      ? partnerPresence(partner.value, { recentlyBack: partnerBack.value, justPaired: partnerJoining.value })
      : null,
  );

  function announce(text: string): void {
    announcement.value = text;
  }

  // -------------------------------------------------------------------------
  // Which session: adopt views from the server, patch them from room events
  // -------------------------------------------------------------------------

  // Late answers after the student left the page must not touch the (other) route.
  let disposed = false;
  onScopeDispose(() => (disposed = true));
  const ownPath = route.path;
  function replaceSessionInAddress(id: string | null): void {
    if (disposed || route.path !== ownPath) return;
    const query = { ...route.query };
    if (id) query.session = id;
    else delete query.session;
    if (route.query.session !== query.session) void router.replace({ query });
  }

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
    if (previous?.id !== view.id) partnerSeenOnline = false;
    if (view.partner?.online) partnerSeenOnline = true;
    partnerJoining.value =
      !partnerSeenOnline &&
      view.startedAt !== null &&
      Date.parse(view.serverTime) - Date.parse(view.startedAt) < JOINING_GRACE_MS;
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

  const refreshing = new Map<string, Promise<void>>();
  /** Reads the session again (`study.get`); retried while stream events overtake it. */
  function refresh(sessionId = session.value?.id): Promise<void> {
    if (!sessionId) return Promise.resolve();
    const running = refreshing.get(sessionId);
    if (running) return running;
    const run = (async () => {
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const startedAt = version;
          const view = await client.study.get.query({ sessionId });
          const receivedAt = Date.now();
          const current = session.value;
          // Meanwhile we moved on to another session (or were never in this one).
          if (current && current.id !== sessionId && current.status !== 'waiting') return;
          if (version === startedAt || attempt === 2) {
            adopt(view, receivedAt);
            return;
          }
        }
      } catch {
        // Keep what we have: the stream, or the next refresh, corrects it.
      } finally {
        refreshing.delete(sessionId);
      }
    })();
    refreshing.set(sessionId, run);
    return run;
  }

  // -------------------------------------------------------------------------
  // The room's stream
  // -------------------------------------------------------------------------

  const liveSessionId = computed(() => (session.value && isLive(session.value.status) ? session.value.id : null));
  watch(
    liveSessionId,
    (id) => {
      // Opened once per session; an ended session keeps its log.
      if (id) void chat.open(id, session.value?.lastEventId ?? '0');
    },
    { immediate: true },
  );

  const streamPaused = ref(false);
  const streamInput = computed(() => chat.streamStart.value ?? { sessionId: '', lastEventId: null });
  const stream = useTrpcSubscription('study.events', streamInput, {
    enabled: () =>
      !streamPaused.value &&
      chat.streamStart.value !== null &&
      chat.streamStart.value.sessionId === liveSessionId.value,
    onData: (item) => onStreamItem(item),
  });
  const streamError = computed(() =>
    stream.status.value === 'error' ? messageOf(stream.error.value, 'Live updates stopped.') : null,
  );
  /** The room's stream is coming back by itself (it resumes where it stopped). */
  const streamReconnecting = computed(() => stream.status.value === 'reconnecting');

  async function reconnect(): Promise<void> {
    streamPaused.value = true;
    await nextTick();
    streamPaused.value = false;
    void refresh();
  }

  function onStreamItem({ data }: StreamItem): void {
    if (data.type === 'state') {
      version++;
      adopt(data.session, Date.now());
      return;
    }
    onRoomEvent(data);
  }

  function onRoomEvent(event: RoomEvent): void {
    const mine = session.value;
    if (!mine) return;
    if (!isPersistedRoomEvent(event)) {
      if (event.userId === mine.me.userId) return;
      if (event.type === 'typing') return chat.setPartnerTyping(true);
      return onPresence(event.online);
    }
    // Replays (backfill after a reconnect) are merged away and don't act twice.
    for (const fresh of chat.add([event])) onNewEvent(fresh, mine);
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
    clearTimeout(backTimer);
    partnerBack.value = true;
    backTimer = setTimeout(() => (partnerBack.value = false), BACK_VISIBLE_MS);
  }
  onScopeDispose(() => clearTimeout(backTimer));

  function isFresh(event: PersistedRoomEvent): boolean {
    return Date.now() + offsetMs.value - Date.parse(event.at) < ALERT_FRESH_MS;
  }

  function onNewEvent(event: PersistedRoomEvent, mine: StudySessionView): void {
    const fromPartner = 'userId' in event && event.userId !== mine.me.userId;
    switch (event.type) {
      case 'message':
        if (event.authorId !== mine.me.userId) {
          chat.setPartnerTyping(false);
          chatAnnouncement.value = `${event.authorName} says: ${event.text}`;
        }
        return;
      case 'partnerJoined':
        if (fromPartner) {
          announce(`${event.username} joined. The timer has started.`);
          if (mine.status === 'waiting')
            alerts.alert({ title: 'Partner found', body: 'Your session has started.', kind: 'notice' });
        }
        void refresh(mine.id);
        return;
      case 'fiveMinutesLeft':
        patch({ fiveMinuteNoticeSent: true });
        announce('5 minutes left');
        if (isFresh(event)) alerts.alert({ title: '5 minutes left', body: 'Time to wrap up.', kind: 'notice' });
        return;
      case 'completed':
        patch({ status: 'completed', endedAt: mine.endsAt ?? event.at });
        announce('Time is up. Session complete!');
        if (isFresh(event))
          alerts.alert({ title: 'Session complete', body: 'Well done! Time to check in.', kind: 'end' });
        void refresh(mine.id);
        return;
      case 'endedEarly':
        patch({ status: 'endedEarly', endedAt: event.at, endedBy: event.userId });
        if (fromPartner) {
          announce(`${event.username} ended the session early`);
          if (isFresh(event))
            alerts.alert({ title: 'Session ended', body: `${event.username} ended the session early.`, kind: 'end' });
        }
        void refresh(mine.id);
        return;
      case 'disconnected':
        if (fromPartner) {
          patchPartner({ online: false, disconnected: true });
          partnerBack.value = false;
          announce(`${event.username} lost connection`);
        }
        return;
      case 'reconnected':
        if (fromPartner) {
          patchPartner({ online: true, disconnected: false });
          markBack();
          announce(`${event.username} is back`);
        }
        return;
    }
  }

  // Paired while waiting: the personal stream says so even if the room's stream is slow.
  onUserEvent('matchFound', (event) => {
    const mine = session.value;
    if (!mine || mine.status === 'waiting' || mine.id === event.sessionId) void refresh(event.sessionId);
  });

  // Time is up by our clock but the server hasn't said so (stream down?): ask.
  let timeUpTimer: ReturnType<typeof setInterval> | undefined;
  watch(
    () => phase.value === 'active' && remaining.value === 0,
    (timeUp) => {
      clearInterval(timeUpTimer);
      if (timeUp) timeUpTimer = setInterval(() => void refresh(), TIME_UP_POLL_MS);
    },
  );
  onScopeDispose(() => clearInterval(timeUpTimer));

  // -------------------------------------------------------------------------
  // Start-up: resume the live session, or show the summary in the address
  // -------------------------------------------------------------------------

  const current = useTrpcQuery('study.current', undefined, { staleTime: 0 });

  watch(
    () => [current.data.value, current.error.value] as const,
    async ([view, error]) => {
      if (error && booting.value) bootError.value = "Couldn't load your study session.";
      if (view === undefined) return;
      bootError.value = null;
      const mine = session.value;
      if (view) {
        // While the room's stream is live it is fresher than this (possibly cached) answer.
        if (mine?.id === view.id && stream.status.value === 'live') return;
        return adopt(view, current.dataUpdatedAt.value || Date.now());
      }
      // We thought it was live but the server says it is over (or was cancelled) elsewhere.
      if (mine && isLive(mine.status)) return refresh(mine.id);
      if (mine || !booting.value) return;
      const fromAddress = typeof route.query.session === 'string' ? route.query.session : null;
      if (fromAddress && /^[0-9a-f]{24}$/.test(fromAddress)) {
        try {
          const past = await client.study.get.query({ sessionId: fromAddress });
          return adopt(past, Date.now());
        } catch {
          // Not theirs, or gone: start afresh.
        }
      }
      clearSession();
    },
    { immediate: true },
  );

  function retryBoot(): void {
    bootError.value = null;
    void current.refetch();
  }

  // The nav's "Study" link (no ?session=) leaves a finished session's summary.
  watch(
    () => route.query.session,
    (id) => {
      if (id === undefined && phase.value === 'ended') clearSession();
    },
  );

  // -------------------------------------------------------------------------
  // Actions
  // -------------------------------------------------------------------------

  const findPartnerMutation = useTrpcMutation('study.findPartner');
  const cancelMutation = useTrpcMutation('study.cancel', { invalidates: ['study.current'] });
  const endEarlyMutation = useTrpcMutation('study.endEarly', { invalidates: ['study.current'] });
  const checkInMutation = useTrpcMutation('study.checkIn', { invalidates: ['study.stats'] });
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
      announce(view.status === 'active' ? 'Partner found. The timer has started.' : 'Looking for a partner…');
    } catch (error) {
      findError.value = messageOf(error, "Couldn't start looking for a partner. Try again.");
      if (codeOf(error) === 'CONFLICT') void current.refetch();
    }
  }

  async function cancel(): Promise<void> {
    const mine = session.value;
    if (!mine) return;
    cancelError.value = null;
    try {
      await cancelMutation.mutateAsync(undefined);
      if (session.value?.id === mine.id && session.value.status === 'waiting') clearSession();
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
    const mine = session.value;
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
    const mine = session.value;
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

  function studyAgain(): void {
    notice.value = null;
    clearSession();
  }

  // -------------------------------------------------------------------------
  // The end: stats
  // -------------------------------------------------------------------------

  const stats = useTrpcQuery('study.stats', undefined, { enabled: () => endConfirmed.value, staleTime: 0 });
  let statsTimer: ReturnType<typeof setTimeout> | undefined;
  watch(endConfirmed, (confirmed) => {
    clearTimeout(statsTimer);
    if (confirmed) statsTimer = setTimeout(() => void invalidate('study.stats'), STATS_SETTLE_MS);
  });
  onScopeDispose(() => clearTimeout(statsTimer));

  return {
    phase,
    session,
    me,
    partner,
    presence,
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
    studyAgain,
  };
}

export type StudySession = ReturnType<typeof useStudySession>;
