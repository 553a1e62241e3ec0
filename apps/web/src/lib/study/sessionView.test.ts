import type { PersistedRoomEvent, StudySessionView } from '@studysync/api';
import { describe, expect, it } from 'vitest';
import { PARTNER, SESSION_ID, seat, type NewRoomEvent } from '../../test/studyFixtures';
import { phaseOf, sessionAfterEvent } from './sessionView';

const startedAt = '2025-03-01T10:00:00.000Z';
const endsAt = '2025-03-01T10:25:00.000Z';
const at = '2025-03-01T10:12:00.000Z';

function running(): StudySessionView {
  return {
    id: SESSION_ID,
    status: 'active',
    plannedMinutes: 25,
    createdAt: startedAt,
    startedAt,
    endsAt,
    endedAt: null,
    endedBy: null,
    fiveMinuteNoticeSent: false,
    minutesStudied: 0,
    serverTime: startedAt,
    lastEventId: '1',
    me: seat(),
    partner: seat({ ...PARTNER, goal: 'Linear algebra' }),
  };
}
const event = (fields: NewRoomEvent): PersistedRoomEvent => ({ id: '2', at, ...fields }) as PersistedRoomEvent;

describe('sessionAfterEvent', () => {
  it('marks the five-minute notice as sent, once', () => {
    const noticed = sessionAfterEvent(running(), event({ type: 'fiveMinutesLeft', endsAt }));
    expect(noticed.fiveMinuteNoticeSent).toBe(true);
    expect(sessionAfterEvent(noticed, event({ type: 'fiveMinutesLeft', endsAt }))).toBe(noticed);
  });

  it('ends the session: completed at its planned end, early at the event by whom', () => {
    expect(sessionAfterEvent(running(), event({ type: 'completed' }))).toMatchObject({
      status: 'completed',
      endedAt: endsAt,
    });
    expect(sessionAfterEvent({ ...running(), endsAt: null }, event({ type: 'completed' })).endedAt).toBe(at);
    expect(sessionAfterEvent(running(), event({ type: 'endedEarly', ...PARTNER }))).toMatchObject({
      status: 'endedEarly',
      endedAt: at,
      endedBy: PARTNER.userId,
    });
  });

  it("follows the partner's connection, not our own", () => {
    const lost = sessionAfterEvent(running(), event({ type: 'disconnected', ...PARTNER }));
    expect(lost.partner).toMatchObject({ online: false, disconnected: true });
    expect(lost.me).toEqual(running().me);
    const back = sessionAfterEvent(lost, event({ type: 'reconnected', ...PARTNER }));
    expect(back.partner).toMatchObject({ online: true, disconnected: false });

    const view = running();
    const me = { userId: view.me.userId, username: view.me.username };
    expect(sessionAfterEvent(view, event({ type: 'disconnected', ...me }))).toBe(view);
  });

  it('leaves the view as it is (the same object) for the other events', () => {
    const view = running();
    const others = [
      event({ type: 'message', authorId: PARTNER.userId, authorName: PARTNER.username, text: 'hi' }),
      event({ type: 'partnerJoined', ...PARTNER }),
      event({ type: 'partnerMissing', ...PARTNER }),
    ];
    for (const other of others) expect(sessionAfterEvent(view, other)).toBe(view);
  });
});

describe('phaseOf', () => {
  it('is loading, failed or idle without a session, else follows its status', () => {
    expect(phaseOf(null, true, null)).toBe('loading');
    expect(phaseOf(null, true, "Couldn't load your study session.")).toBe('error');
    expect(phaseOf(null, false, null)).toBe('idle');
    expect(phaseOf({ ...running(), status: 'waiting' }, false, null)).toBe('waiting');
    expect(phaseOf(running(), false, null)).toBe('active');
    expect(phaseOf({ ...running(), status: 'endedEarly' }, false, null)).toBe('ended');
  });
});
