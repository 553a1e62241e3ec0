/**
 * One study room on the room page: its state (from `rooms.get`, then the stream's `state`
 * item), the log and chat, the live stream `rooms.events` (history first, then from its newest
 * id, resumed with `lastEventId` after a drop, merged by id), the phase from the schedule and
 * the server clock, and the actions (joining, leaving, the host's tools).
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { useTrpcSubscription } from '../query';
import { clockOffsetMs } from '../study/countdown';
import { useNow } from '../study/useNow';
import { useRoomsApi, type JoinRoomRequest } from './api';
import { isNotFound, messageText } from './errors';
import { phaseNow } from './schedule';
import { useRoomLog } from './useRoomLog';
import {
  isLogEvent,
  runningSchedule,
  type RoomLiveEvent,
  type RoomLogEvent,
  type RoomMemberView,
  type RoomStreamItem,
  type RoomView,
} from './types';

export type RoomLoad = 'loading' | 'ready' | 'notFound' | 'error';

/** Events after which the room's members, run or status changed: read the room again. */
const changesRoom = (event: RoomLogEvent): boolean => event.type !== 'message' && event.type !== 'phaseChanged';

export interface UseRoomOptions {
  roomId: () => string;
  code: () => string | undefined;
  meId: () => string | null;
}

export function useRoom({ roomId, code, meId }: UseRoomOptions) {
  const api = useRoomsApi();
  const room = shallowRef<RoomView | null>(null);
  const offsetMs = ref(0);
  const load = ref<RoomLoad>('loading');
  const loadError = ref<string | null>(null);
  /** The host removed this student: they cannot rejoin this run. */
  const removed = ref(false);
  /** Set when the student left by their own choice. */
  const left = ref(false);
  /** Checked in for the last run on this page (the view then says the check-in is done). */
  const checkedIn = ref(false);
  /** The private room's invite code, once the host made a new one here (codes are stored hashed). */
  const inviteCode = ref<string | null>(null);
  const chatAnnouncement = ref('');
  const { now, refresh: refreshNow } = useNow();
  const log = useRoomLog(api);

  function adopt(view: RoomView, receivedAt: number): void {
    room.value = view;
    offsetMs.value = clockOffsetMs(view.serverTime, receivedAt);
    refreshNow();
  }

  async function reload(): Promise<void> {
    const id = roomId();
    try {
      const view = await api.get({ roomId: id, code: code() });
      if (id !== roomId()) return;
      adopt(view, Date.now());
      load.value = 'ready';
    } catch (error) {
      if (id !== roomId()) return;
      if (isNotFound(error)) {
        room.value = null;
        load.value = 'notFound';
        return;
      }
      console.warn('rooms.get failed', { roomId: id, error });
      loadError.value = messageText(error, "Couldn't load this room.");
      if (!room.value) load.value = 'error';
    }
  }

  watch(
    () => [roomId(), code()] as const,
    () => {
      room.value = null;
      load.value = 'loading';
      removed.value = false;
      left.value = false;
      checkedIn.value = false;
      inviteCode.value = null;
      void reload();
    },
    { immediate: true },
  );

  const joined = computed(() => room.value?.me.member === true);
  watch(
    () => (joined.value ? (room.value?.id ?? null) : null),
    (id) => void log.open(id, room.value?.lastEventId ?? '0'),
    { immediate: true },
  );

  const streamInput = computed(() => log.streamStart.value ?? { roomId: '', lastEventId: '0' });
  // A computed boolean: the subscription restarts when it flips, not on every new room state.
  const viewedRoomId = computed(() => room.value?.id ?? null);
  const streamEnabled = computed(() => joined.value && log.streamStart.value?.roomId === viewedRoomId.value);
  const stream = useTrpcSubscription<typeof streamInput.value, { id?: string; data: RoomStreamItem }>({
    path: 'rooms.events',
    input: streamInput,
    enabled: streamEnabled,
    onData: ({ data }) => onStreamItem(data),
  });
  const streamReconnecting = computed(() => stream.status.value === 'reconnecting');
  const streamError = computed(() =>
    stream.status.value === 'error' ? messageText(stream.error.value, 'Live updates stopped.') : null,
  );

  function onStreamItem(item: RoomStreamItem): void {
    if (item.type === 'state') return adopt(item.room, Date.now());
    onLiveEvent(item);
  }

  function patchMember(userId: string, change: Partial<RoomMemberView>): void {
    const current = room.value;
    if (!current) return;
    room.value = {
      ...current,
      members: current.members.map((member) => (member.userId === userId ? { ...member, ...change } : member)),
    };
  }

  function onLiveEvent(event: RoomLiveEvent): void {
    if (!isLogEvent(event)) {
      if (event.userId === meId()) return;
      if (event.type === 'typing') return log.setTyping(event.userId, true);
      return patchMember(event.userId, { presence: event.online ? 'here' : 'away' });
    }
    // Replays (the backfill after a reconnect) are merged away and act only once.
    for (const fresh of log.add([event])) {
      if (fresh.type === 'message' && fresh.authorId !== meId()) {
        log.setTyping(fresh.authorId, false);
        chatAnnouncement.value = `${fresh.authorName} says: ${fresh.text}`;
      }
      if (fresh.type === 'memberRemoved' && fresh.userId === meId()) removed.value = true;
      if (fresh.type === 'memberMuted') patchMember(fresh.userId, { muted: fresh.muted });
      // The database is the truth: events say something changed, the room is read again.
      if (changesRoom(fresh)) void reload();
    }
  }

  const minuteMs = computed(() => room.value?.minuteMs ?? 60_000);
  const schedule = computed(() => (room.value ? runningSchedule(room.value) : null));
  const phase = computed(() =>
    schedule.value ? phaseNow(schedule.value, now.value, offsetMs.value, minuteMs.value) : null,
  );
  const me = computed(() => room.value?.members.find((member) => member.userId === meId()) ?? null);
  const isHost = computed(() => room.value?.me.host === true);

  /** Why the composer is closed, or null when the student may write. */
  const chatClosedReason = computed(() => {
    if (room.value?.me.muted) return 'The host muted you: you can read the chat but not send.';
    const current = room.value;
    if (current && phase.value?.kind === 'focus' && !current.cycle.chatDuringFocus)
      return 'Chat is closed while you focus: it opens at the break.';
    return null;
  });

  /** The run ended and this member has not checked in yet. */
  const checkInDue = computed(() => joined.value && room.value?.me.canCheckIn === true);

  // Actions: one at a time per name, each with its own error.
  const pending = ref<string | null>(null);
  const actionError = ref<string | null>(null);
  /** Runs one action; the room it answers with (most do) is the new state, else it is read again. */
  async function act(name: string, run: () => Promise<unknown>, fallback: string): Promise<boolean> {
    if (pending.value) return false;
    pending.value = name;
    actionError.value = null;
    try {
      const answer = await run();
      if (isRoomView(answer)) adopt(answer, Date.now());
      else await reload();
      return true;
    } catch (error) {
      actionError.value = messageText(error, fallback);
      return false;
    } finally {
      pending.value = null;
    }
  }

  const id = (): string => roomId();
  const actions = {
    join: (request: Omit<JoinRoomRequest, 'roomId' | 'code'>) =>
      act('join', () => api.join({ roomId: id(), code: code(), ...request }), "Couldn't join this room."),
    leave: async () => {
      const ok = await act('leave', () => api.leave(id()), "Couldn't leave the room.");
      if (ok) left.value = true;
      return ok;
    },
    setGoal: (goal: string) => act('setGoal', () => api.setGoal(id(), goal), "Couldn't save your goal."),
    startRun: () => act('startRun', () => api.startRun(id()), "Couldn't start the cycle."),
    skipBreak: () => act('skipBreak', () => api.skipBreak(id()), "Couldn't skip the break."),
    endRun: () => act('endRun', () => api.endRun(id()), "Couldn't end the cycle."),
    rotateInvite: () =>
      act(
        'rotateInvite',
        async () => {
          inviteCode.value = (await api.rotateInvite(id())).inviteCode || null;
        },
        "Couldn't make a new link.",
      ),
    revokeInvite: () =>
      act(
        'revokeInvite',
        async () => {
          await api.revokeInvite(id());
          inviteCode.value = null;
        },
        "Couldn't turn off the link.",
      ),
    mute: (userId: string) => act(`mute:${userId}`, () => api.mute(id(), userId), "Couldn't mute them."),
    unmute: (userId: string) => act(`unmute:${userId}`, () => api.unmute(id(), userId), "Couldn't unmute them."),
    remove: (userId: string) => act(`remove:${userId}`, () => api.remove(id(), userId), "Couldn't remove them."),
    checkIn: async (result: 'yes' | 'partly' | 'no', note: string, subtaskDone: boolean) => {
      const ok = await act(
        'checkIn',
        () => api.checkIn({ roomId: id(), result, ...(note.trim() ? { note: note.trim() } : {}), subtaskDone }),
        "Couldn't save your check-in.",
      );
      if (ok) checkedIn.value = true;
      return ok;
    },
  };

  return {
    room,
    load,
    loadError,
    removed,
    left,
    checkedIn,
    inviteCode,
    joined,
    me,
    isHost,
    phase,
    minuteMs,
    offsetMs,
    now,
    log,
    chatAnnouncement,
    chatClosedReason,
    checkInDue,
    streamReconnecting,
    streamError,
    pending,
    actionError,
    reload,
    ...actions,
  };
}

export type RoomState = ReturnType<typeof useRoom>;

function isRoomView(value: unknown): value is RoomView {
  return typeof value === 'object' && value !== null && 'members' in value && 'me' in value;
}
