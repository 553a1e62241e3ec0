/**
 * The room's live stream, `study.events`: history first (via the chat's log), then subscribe
 * from its newest id. Events are merged by id, so the wsLink's resend of the last id after a
 * reconnect (and the server's backfill) never duplicates or reorders anything.
 */
import type { RoomEvent } from '@studysync/api';
import { computed, nextTick, ref, watch } from 'vue';
import { useTrpcOptions, useTrpcSubscription, type SubscriptionData } from '../query';
import { onUserEvent } from '../userEvents';
import { isPersistedRoomEvent } from './roomLog';
import type { SessionCache } from './sessionCache';
import type { SessionSync } from './sessionSync';
import { isLive, messageOf } from './sessionView';
import type { PartnerPresenceState } from './usePartnerPresence';
import type { RoomChat } from './useRoomChat';
import type { useRoomEventEffects } from './roomEventEffects';

type StreamItem = SubscriptionData<'study.events'>;

export interface RoomStreamOptions {
  cache: Pick<SessionCache, 'session' | 'read'>;
  sync: Pick<SessionSync, 'adopt' | 'refresh'>;
  presence: Pick<PartnerPresenceState, 'onPresence'>;
  chat: RoomChat;
  onNewEvent: ReturnType<typeof useRoomEventEffects>['onNewEvent'];
}

export function useRoomStream({ cache, sync, presence, chat, onNewEvent }: RoomStreamOptions) {
  const { session } = cache;
  const { adopt, refresh } = sync;

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
  const trpc = useTrpcOptions();
  const stream = useTrpcSubscription(
    trpc.study.events.subscriptionOptions(streamInput, {
      enabled: () =>
        !streamPaused.value &&
        chat.streamStart.value !== null &&
        chat.streamStart.value.sessionId === liveSessionId.value,
      onData: (item) => onStreamItem(item),
    }),
  );
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
      adopt(data.session, Date.now());
      return;
    }
    onRoomEvent(data);
  }

  function onRoomEvent(event: RoomEvent): void {
    const mine = cache.read();
    if (!mine) return;
    if (!isPersistedRoomEvent(event)) {
      if (event.userId === mine.me.userId) return;
      if (event.type === 'typing') return chat.setPartnerTyping(true);
      return presence.onPresence(event.online);
    }
    // Replays (backfill after a reconnect) are merged away and don't act twice.
    for (const fresh of chat.add([event])) onNewEvent(fresh, mine);
  }

  // Paired while waiting: the personal stream says so even if the room's stream is slow.
  onUserEvent('matchFound', (event) => {
    const mine = cache.read();
    if (!mine || mine.status === 'waiting' || mine.id === event.sessionId) void refresh(event.sessionId);
  });

  /** Whether the stream is live right now (then it is fresher than any cached answer). */
  const isStreamLive = (): boolean => stream.status.value === 'live';

  return { streamError, streamReconnecting, isStreamLive, reconnect };
}
