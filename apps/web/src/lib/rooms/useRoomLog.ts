/**
 * A study room's log and chat on the client: the first `rooms.history` page, "load earlier",
 * where the live stream resumes, sending and the outgoing typing signal (throttled). Merged by
 * event id like the partner session's log (study/roomLog.ts), so replays never duplicate.
 */
import { onScopeDispose, ref, shallowRef } from 'vue';
import { mergeRoomEvents, newestEventId } from '../study/roomLog';
import { TYPING_THROTTLE_MS, TYPING_VISIBLE_MS } from '../study/useRoomChat';
import { messageText } from './errors';
import type { RoomsApi } from './api';
import type { RoomLogEvent } from './types';

export function useRoomLog(api: RoomsApi) {
  const log = shallowRef<readonly RoomLogEvent[]>([]);
  /** The stream's start once the first page settled: `{ roomId, lastEventId }`. */
  const streamStart = ref<{ roomId: string; lastEventId: string } | null>(null);
  const nextBefore = ref<string | null>(null);
  const loadingEarlier = ref(false);
  const historyError = ref<string | null>(null);
  const sendError = ref<string | null>(null);
  const sending = ref(false);
  /** Who is typing now (user ids), each shown for TYPING_VISIBLE_MS after their signal. */
  const typingIds = ref<string[]>([]);
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  onScopeDispose(() => typingTimers.forEach((timer) => clearTimeout(timer)));
  let roomId: string | null = null;
  let lastTypingAt = -Infinity;

  function add(events: readonly RoomLogEvent[]): RoomLogEvent[] {
    const known = new Set(log.value.map((event) => event.id));
    const fresh = events.filter((event) => !known.has(event.id));
    log.value = mergeRoomEvents(log.value, events);
    return fresh;
  }

  async function open(id: string | null, lastKnownEventId: string): Promise<void> {
    if (id === roomId) return;
    roomId = id;
    log.value = [];
    streamStart.value = null;
    nextBefore.value = null;
    historyError.value = null;
    sendError.value = null;
    typingIds.value = [];
    if (!id) return;
    let from: string;
    try {
      const page = await api.history(id);
      if (roomId !== id) return;
      add(page.events);
      nextBefore.value = page.nextBefore;
      from = newestEventId(log.value) ?? '0';
    } catch (error) {
      if (roomId !== id) return;
      console.warn('rooms.history failed', { roomId: id, error });
      historyError.value = "Couldn't load earlier messages.";
      from = lastKnownEventId;
    }
    streamStart.value = { roomId: id, lastEventId: from };
  }

  async function loadEarlier(): Promise<void> {
    const id = roomId;
    const before = nextBefore.value;
    if (!id || before === null || loadingEarlier.value) return;
    loadingEarlier.value = true;
    historyError.value = null;
    try {
      const page = await api.history(id, before);
      if (roomId !== id) return;
      add(page.events);
      nextBefore.value = page.nextBefore;
    } catch {
      if (roomId === id) historyError.value = "Couldn't load earlier messages.";
    } finally {
      loadingEarlier.value = false;
    }
  }

  async function send(text: string): Promise<boolean> {
    const id = roomId;
    const trimmed = text.trim();
    if (!id || !trimmed || sending.value) return false;
    sending.value = true;
    sendError.value = null;
    try {
      const stored = await api.sendMessage(id, trimmed);
      if (roomId === id && stored && typeof stored === 'object' && 'id' in stored) add([stored]);
      lastTypingAt = -Infinity;
      return true;
    } catch (error) {
      sendError.value = messageText(error, "Couldn't send your message.");
      return false;
    } finally {
      sending.value = false;
    }
  }

  function typed(): void {
    const id = roomId;
    const now = Date.now();
    if (!id || now - lastTypingAt < TYPING_THROTTLE_MS) return;
    lastTypingAt = now;
    // Best effort: a lost signal only means no indicator.
    api.typing(id).catch(() => {});
  }

  function setTyping(userId: string, typing: boolean): void {
    clearTimeout(typingTimers.get(userId));
    typingIds.value = typing
      ? [...new Set([...typingIds.value, userId])]
      : typingIds.value.filter((each) => each !== userId);
    if (typing)
      typingTimers.set(
        userId,
        setTimeout(() => setTyping(userId, false), TYPING_VISIBLE_MS),
      );
  }

  /** Takes out every message of a student just blocked (the server sends no more of them). */
  function hideAuthor(userId: string): void {
    log.value = log.value.filter((event) => event.type !== 'message' || event.authorId !== userId);
  }

  return {
    log,
    streamStart,
    canLoadEarlier: () => nextBefore.value !== null,
    loadingEarlier,
    historyError,
    sendError,
    sending,
    typingIds,
    open,
    add,
    loadEarlier,
    send,
    typed,
    setTyping,
    hideAuthor,
  };
}

export type RoomLog = ReturnType<typeof useRoomLog>;
