/**
 * What a new (not replayed) room event does: patches the session's cached view
 * (`sessionAfterEvent`), announces it for screen readers, raises an alert when it is fresh, and asks the server to confirm the big moments.
 */
import type { PersistedRoomEvent, StudySessionView } from '@studysync/api';
import type { Ref } from 'vue';
import type { StudyAlerts } from './alerts';
import type { SessionCache } from './sessionCache';
import type { SessionSync } from './sessionSync';
import { sessionAfterEvent } from './sessionView';
import type { PartnerPresenceState } from './usePartnerPresence';
import type { RoomChat } from './useRoomChat';

/** Live moments older than this (a backfill after a long sleep) don't beep. */
const ALERT_FRESH_MS = 120_000;

export interface RoomEventEffectsOptions {
  cache: Pick<SessionCache, 'update'>;
  sync: Pick<SessionSync, 'offsetMs' | 'refresh'>;
  presence: Pick<PartnerPresenceState, 'partnerBack' | 'markBack'>;
  chat: Pick<RoomChat, 'setPartnerTyping'>;
  alerts: Pick<StudyAlerts, 'alert'>;
  announce: (text: string) => void;
  chatAnnouncement: Ref<string>;
}

export function useRoomEventEffects({
  cache,
  sync,
  presence,
  chat,
  alerts,
  announce,
  chatAnnouncement,
}: RoomEventEffectsOptions) {
  const { offsetMs, refresh } = sync;

  function isFresh(event: PersistedRoomEvent): boolean {
    return Date.now() + offsetMs.value - Date.parse(event.at) < ALERT_FRESH_MS;
  }

  function onNewEvent(event: PersistedRoomEvent, mine: StudySessionView): void {
    cache.update((view) => sessionAfterEvent(view, event));
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
        }
        void refresh(mine.id);
        return;
      case 'fiveMinutesLeft':
        announce('5 minutes left');
        if (isFresh(event)) alerts.alert({ title: '5 minutes left', body: 'Time to wrap up.', kind: 'notice' });
        return;
      case 'completed':
        announce('Time is up. Session complete!');
        if (isFresh(event))
          alerts.alert({ title: 'Session complete', body: 'Well done! Time to check in.', kind: 'end' });
        void refresh(mine.id);
        return;
      case 'endedEarly':
        if (fromPartner) {
          announce(`${event.username} ended the session early`);
          if (isFresh(event))
            alerts.alert({ title: 'Session ended', body: `${event.username} ended the session early.`, kind: 'end' });
        }
        void refresh(mine.id);
        return;
      case 'disconnected':
        if (fromPartner) {
          presence.partnerBack.value = false;
          announce(`${event.username} lost connection`);
        }
        return;
      case 'partnerMissing':
        // Matched, but they never opened the room: the session is called off, and we can go again.
        if (fromPartner) {
          announce(`${event.username} didn't arrive. You can look for a new partner now.`);
          alerts.alert({
            title: 'Partner didn’t arrive',
            body: `${event.username} never joined. You can look for a new partner now.`,
            kind: 'end',
          });
        }
        void refresh(mine.id);
        return;
      case 'reconnected':
        if (fromPartner) {
          presence.markBack();
          announce(`${event.username} is back`);
        }
        return;
      // Group rooms' events never reach a partner session's page.
      case 'memberJoined':
      case 'memberLeft':
      case 'memberRemoved':
      case 'memberMuted':
      case 'hostChanged':
      case 'goalSet':
      case 'runStarted':
      case 'phaseChanged':
      case 'breakSkipped':
      case 'runEnded':
      case 'roomClosed':
        return;
    }
  }

  return { onNewEvent };
}
