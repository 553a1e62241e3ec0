/**
 * A study room's log and chat: the first `study.history` page, "load earlier" paging, the
 * point the live stream resumes from, sending (with its errors), the outgoing typing signal
 * (throttled) and the partner's typing indicator.
 */
import type { PersistedRoomEvent } from '@studysync/api';
import { useTimeoutFn } from '@vueuse/core';
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { useMutation } from '@tanstack/vue-query';
import { useTrpcOptions } from '../query';
import { useTrpc } from '../trpc';
import { mergeRoomEvents, newestEventId } from './roomLog';

/** At most one "typing" signal per this many ms while the student types. */
export const TYPING_THROTTLE_MS = 2_000;
/** The partner counts as typing for this long after their last signal. */
export const TYPING_VISIBLE_MS = 4_000;
const HISTORY_PAGE = 50;

export interface StreamStart {
  sessionId: string;
  /** The newest event we have: the stream sends everything after it, then live events. */
  lastEventId: string;
}

export interface RoomChat {
  log: Readonly<ShallowRef<readonly PersistedRoomEvent[]>>;
  /** Where the live stream should start; null until the first history page settled. */
  streamStart: Readonly<Ref<StreamStart | null>>;
  canLoadEarlier: Readonly<Ref<boolean>>;
  loadingEarlier: Readonly<Ref<boolean>>;
  historyError: Readonly<Ref<string | null>>;
  sendError: Readonly<Ref<string | null>>;
  sending: Readonly<Ref<boolean>>;
  partnerTyping: Readonly<Ref<boolean>>;
  /** Loads the newest page for `sessionId` (or forgets everything for null). */
  open: (sessionId: string | null, lastKnownEventId: string) => Promise<void>;
  /** Adds events; returns those that were new (already known ids are dropped). */
  add: (events: readonly PersistedRoomEvent[]) => PersistedRoomEvent[];
  loadEarlier: () => Promise<void>;
  /** Sends a message; resolves true once stored (the composer then clears). */
  send: (text: string) => Promise<boolean>;
  /** The student typed: tell the partner, at most once per TYPING_THROTTLE_MS. */
  typed: () => void;
  /** The partner's typing signal arrived (or stopped, when their message arrived). */
  setPartnerTyping: (typing: boolean) => void;
  /** Takes out every message of a student just blocked (the server sends no more of them). */
  hideAuthor: (userId: string) => void;
}

export function useRoomChat(): RoomChat {
  const client = useTrpc();
  const log = shallowRef<readonly PersistedRoomEvent[]>([]);
  const streamStart = ref<StreamStart | null>(null);
  const nextBefore = ref<string | null>(null);
  const loadingEarlier = ref(false);
  const historyError = ref<string | null>(null);
  const sendError = ref<string | null>(null);
  const partnerTyping = ref(false);
  const canLoadEarlier = ref(false);
  let sessionId: string | null = null;
  let lastTypingAt = -Infinity;
  const hideTyping = useTimeoutFn(() => (partnerTyping.value = false), TYPING_VISIBLE_MS, { immediate: false });

  const trpc = useTrpcOptions();
  const sendMessage = useMutation(trpc.study.sendMessage.mutationOptions());
  const typing = useMutation(trpc.study.typing.mutationOptions());

  function add(events: readonly PersistedRoomEvent[]): PersistedRoomEvent[] {
    const known = new Set(log.value.map((event) => event.id));
    const fresh = events.filter((event) => !known.has(event.id));
    log.value = mergeRoomEvents(log.value, events);
    return fresh;
  }

  function setNextBefore(value: string | null): void {
    nextBefore.value = value;
    canLoadEarlier.value = value !== null;
  }

  async function open(id: string | null, lastKnownEventId: string): Promise<void> {
    if (id === sessionId) return;
    sessionId = id;
    log.value = [];
    streamStart.value = null;
    setNextBefore(null);
    historyError.value = null;
    sendError.value = null;
    setPartnerTyping(false);
    lastTypingAt = -Infinity;
    if (!id) return;
    let from: string;
    try {
      const page = await client.study.history.query({ sessionId: id, limit: HISTORY_PAGE });
      if (sessionId !== id) return;
      add(page.events);
      setNextBefore(page.nextBefore);
      // Nothing stored yet: stream everything from the start of the room's log.
      from = newestEventId(log.value) ?? '0';
    } catch {
      if (sessionId !== id) return;
      // Go live from what the session view knew; the older part can be paged in later.
      historyError.value = "Couldn't load earlier messages.";
      setNextBefore(Number(lastKnownEventId) > 0 ? String(Number(lastKnownEventId) + 1) : null);
      from = lastKnownEventId;
    }
    streamStart.value = { sessionId: id, lastEventId: from };
  }

  async function loadEarlier(): Promise<void> {
    const id = sessionId;
    const before = nextBefore.value;
    if (!id || before === null || loadingEarlier.value) return;
    loadingEarlier.value = true;
    historyError.value = null;
    try {
      const page = await client.study.history.query({ sessionId: id, before, limit: HISTORY_PAGE });
      if (sessionId !== id) return;
      add(page.events);
      setNextBefore(page.nextBefore);
    } catch {
      if (sessionId === id) historyError.value = "Couldn't load earlier messages.";
    } finally {
      loadingEarlier.value = false;
    }
  }

  async function send(text: string): Promise<boolean> {
    const id = sessionId;
    const trimmed = text.trim();
    if (!id || !trimmed || sendMessage.isPending.value) return false;
    sendError.value = null;
    try {
      const stored = await sendMessage.mutateAsync({ sessionId: id, text: trimmed });
      if (sessionId === id) add([stored]);
      // Sending ends "typing": the next keystroke may signal again at once.
      lastTypingAt = -Infinity;
      return true;
    } catch (error) {
      sendError.value = error instanceof Error && error.message ? error.message : "Couldn't send your message.";
      return false;
    }
  }

  // A leading throttle by hand: VueUse's useThrottleFn cannot be reset, and sending a message
  // (or another session) lets the next keystroke signal at once.
  function typed(): void {
    const id = sessionId;
    const now = Date.now();
    if (!id || now - lastTypingAt < TYPING_THROTTLE_MS) return;
    lastTypingAt = now;
    // Ephemeral and best effort: a lost signal just means no indicator.
    typing.mutate({ sessionId: id });
  }

  function setPartnerTyping(value: boolean): void {
    hideTyping.stop();
    partnerTyping.value = value;
    if (value) hideTyping.start();
  }

  function hideAuthor(userId: string): void {
    log.value = log.value.filter((event) => event.type !== 'message' || event.authorId !== userId);
  }

  return {
    log,
    streamStart,
    canLoadEarlier,
    loadingEarlier,
    historyError,
    sendError,
    sending: sendMessage.isPending,
    partnerTyping,
    open,
    add,
    loadEarlier,
    send,
    typed,
    setPartnerTyping,
    hideAuthor,
  };
}
