import type { DOMWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll, type RenderedApp } from '../test/renderApp';
import {
  createStudyServer,
  emitRoom,
  emitUserEvent,
  PARTNER,
  SESSION_ID,
  type FakeStudyServer,
  type StudyServerOptions,
} from '../test/studyFixtures';

afterEach(() => {
  unmountAll();
  vi.unstubAllGlobals();
  localStorage.clear();
  Reflect.deleteProperty(document, 'visibilityState');
});

const MINUTE = 60_000;

async function renderStudy(
  options: StudyServerOptions = {},
): Promise<RenderedApp & { server: FakeStudyServer; text: () => string }> {
  const server = createStudyServer(options);
  const app = await renderApp('/study', { 'auth.me': () => testUser, ...server.handlers });
  await settle();
  return { ...app, server, text: () => app.wrapper.text() };
}

function button(app: RenderedApp, label: string): DOMWrapper<HTMLButtonElement> {
  const found = app.wrapper.findAll('button').find((b) => b.text() === label);
  if (!found) throw new Error(`No button "${label}" in: ${app.wrapper.text()}`);
  return found as DOMWrapper<HTMLButtonElement>;
}

const timer = (app: RenderedApp): string => app.wrapper.find('[role="timer"]').text();
const presence = (app: RenderedApp): string => app.wrapper.find('[data-testid="presence"]').text();
const announced = (app: RenderedApp): string => app.wrapper.find('[data-testid="announcer"]').text();
const messages = (app: RenderedApp): string[] => app.wrapper.findAll('[data-testid="message"]').map((m) => m.text());

describe('study page: starting', () => {
  it('chooses a length and a goal, waits with a live status, and starts when matched', async () => {
    const app = await renderStudy();
    expect(app.router.currentRoute.value.path).toBe('/study');
    expect(app.text()).toContain('Quick Focus');
    expect(app.text()).toContain('Deep Study');
    expect(app.text()).toContain('Marathon');

    await app.wrapper.find('input[type="radio"][value="50"]').setValue(true);
    await app.wrapper.find('textarea').setValue('  Finish the chemistry problem set ');
    await app.wrapper.find('form').trigger('submit');
    await settle();

    expect(app.callsTo('study.findPartner').map((c) => c.input)).toEqual([
      { minutes: 50, goal: 'Finish the chemistry problem set' },
    ]);
    expect(app.wrapper.find('section [role="status"]').text()).toContain('Deep Study (50 minutes)');
    expect(app.text()).toContain('Looking for a partner…');
    expect(document.activeElement?.textContent).toContain('Looking for a partner…');
    // Listening to the room already, from the start of its log.
    expect(app.sockets.subscriptions('study.events').map((s) => s.input)).toEqual([
      { sessionId: SESSION_ID, lastEventId: '0' },
    ]);
    expect(app.router.currentRoute.value.query.session).toBe(SESSION_ID);

    // Paired: the personal stream says so.
    app.server.pair();
    emitUserEvent(app, { type: 'matchFound', sessionId: SESSION_ID });
    await settle();

    expect(timer(app)).toBe('50:00');
    expect(app.text()).toContain(PARTNER.username);
    expect(presence(app)).toBe('Online');
    expect(app.text()).toContain('Linear algebra, chapter 3');
    expect(app.text()).toContain('Finish the chemistry problem set');
  });

  it('cancels waiting and goes back to choosing', async () => {
    const app = await renderStudy({ status: 'waiting' });
    expect(app.text()).toContain('Looking for a partner…');
    await button(app, 'Cancel').trigger('click');
    await settle();
    expect(app.callsTo('study.cancel')).toHaveLength(1);
    expect(app.text()).toContain('Find a partner');
    expect(app.router.currentRoute.value.query.session).toBeUndefined();
    expect(app.sockets.subscriptions('study.events')).toHaveLength(0);
  });

  it('says so when a partner joined just before cancel, and starts the session', async () => {
    const app = await renderStudy({ status: 'waiting' });
    app.server.pair();
    await button(app, 'Cancel').trigger('click');
    await settle();
    expect(app.text()).toContain('A partner joined just now');
    expect(timer(app)).toBe('25:00');
  });

  it('starts when the room says the partner joined, even without matchFound', async () => {
    const app = await renderStudy({ status: 'waiting' });
    emitRoom(app, app.server.pair());
    await settle();
    expect(timer(app)).toBe('25:00');
    expect(announced(app)).toBe('grace_h joined. The timer has started.');
  });
});

describe('study page: the countdown', () => {
  it('resumes the live session on load and counts down from endsAt by the server clock', async () => {
    // The server's clock is an hour ahead of this computer's.
    const app = await renderStudy({ status: 'active', clockOffsetMs: 60 * MINUTE });
    expect(app.callsTo('study.current')).toHaveLength(1);
    expect(timer(app)).toBe('25:00');

    // The tab slept for ten minutes: no ticks ran. Coming back recomputes from the clock at once.
    const asleepFrom = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => asleepFrom + 10 * MINUTE);
    document.dispatchEvent(new Event('visibilitychange'));
    await app.wrapper.vm.$nextTick();
    expect(timer(app)).toBe('15:00');
  });

  it('keeps the new clock offset from each state the stream sends', async () => {
    const app = await renderStudy({ status: 'active' });
    expect(timer(app)).toBe('25:00');
    // After a reconnect the server sends its state again; this time its clock reads 2 minutes later.
    const session = app.server.session();
    if (!session) throw new Error('no session');
    emitRoom(app, {
      type: 'state',
      session: { ...session, serverTime: new Date(Date.now() + 2 * MINUTE).toISOString() },
    });
    await settle();
    expect(timer(app)).toBe('23:00');
  });
});

describe('study page: chat', () => {
  it('shows history, subscribes from its newest id, sends with Enter and shows each message once', async () => {
    const app = await renderStudy({
      status: 'active',
      events: [{ type: 'message', authorId: PARTNER.userId, authorName: PARTNER.username, text: 'Hi! Ready?' }],
    });
    expect(messages(app)).toEqual(['Hi! Ready?']);
    // partnerJoined is 1, the message 2: the stream resumes after the newest history event.
    expect(app.sockets.subscriptions('study.events').map((s) => s.input)).toEqual([
      { sessionId: SESSION_ID, lastEventId: '2' },
    ]);

    const input = app.wrapper.find('textarea');
    await input.setValue('Yes, let’s go');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    await settle();
    expect(app.callsTo('study.sendMessage')).toHaveLength(0);

    await input.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(app.callsTo('study.sendMessage').map((c) => c.input)).toEqual([
      { sessionId: SESSION_ID, text: 'Yes, let’s go' },
    ]);
    expect(messages(app)).toEqual(['Hi! Ready?', 'Yes, let’s go']);
    expect((input.element as HTMLTextAreaElement).value).toBe('');

    // The server echoes our message on the stream: still once.
    const [, , mine] = app.server.events();
    if (!mine) throw new Error('message not stored');
    emitRoom(app, mine);
    await settle();
    expect(messages(app)).toEqual(['Hi! Ready?', 'Yes, let’s go']);
  });

  it('shows the rate limit error and keeps the draft', async () => {
    const app = await renderStudy({ status: 'active' });
    app.server.rateLimited = true;
    const input = app.wrapper.find('textarea');
    await input.setValue('one more');
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(app.wrapper.find('form [role="alert"]').text()).toBe('Slow down: at most 10 messages every 10 seconds');
    expect((input.element as HTMLTextAreaElement).value).toBe('one more');
    expect(messages(app)).toEqual([]);
  });

  it('merges a reconnect backfill with live events, in order and without duplicates', async () => {
    const app = await renderStudy({ status: 'active' });
    const say = (text: string) =>
      app.server.record({ type: 'message', authorId: PARTNER.userId, authorName: PARTNER.username, text });
    const [a, b, c, d] = [say('a'), say('b'), say('c'), say('d')];
    if (!a || !b || !c || !d) throw new Error('not stored');
    emitRoom(app, a);
    emitRoom(app, b);
    // The connection dropped after "b"; "d" arrives live before the backfill of "b", "c", "d".
    emitRoom(app, d);
    await settle();
    emitRoom(app, { type: 'state', session: app.server.session() ?? fail() });
    for (const event of [b, c, d]) emitRoom(app, event);
    await settle();
    expect(messages(app)).toEqual(['a', 'b', 'c', 'd']);
    // New partner messages are announced politely.
    expect(app.wrapper.find('[aria-live="polite"][aria-atomic="true"].sr-only').exists()).toBe(true);
    expect(app.text()).toContain('grace_h says: c');
  });

  it('loads earlier messages', async () => {
    const events = Array.from({ length: 60 }, (_, i) => ({
      type: 'message' as const,
      authorId: PARTNER.userId,
      authorName: PARTNER.username,
      text: `m${i + 1}`,
    }));
    const app = await renderStudy({ status: 'active', events });
    // partnerJoined is event 1, the messages 2–61: the newest page is 50 messages.
    expect(messages(app)).toHaveLength(50);
    expect(messages(app)[0]).toBe('m11');
    await button(app, 'Load earlier messages').trigger('click');
    await settle();
    expect(messages(app)).toHaveLength(60);
    expect(messages(app)[0]).toBe('m1');
    expect(app.wrapper.findAll('button').some((b) => b.text() === 'Load earlier messages')).toBe(false);
  });

  it('shows when the partner types, and tells them at most every 2 seconds', async () => {
    const app = await renderStudy({ status: 'active' });
    emitRoom(app, { type: 'typing', userId: PARTNER.userId });
    await settle();
    expect(app.wrapper.find('[data-testid="typing"]').text()).toBe('grace_h is typing…');
    // My own typing (another tab) is not shown.
    emitRoom(app, { type: 'typing', userId: testUser.id });

    const input = app.wrapper.find('textarea');
    for (const text of ['h', 'he', 'hel', 'hell']) await input.setValue(text);
    await settle();
    expect(app.callsTo('study.typing')).toHaveLength(1);
    const start = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => start + 2_100);
    await input.setValue('hello');
    await settle();
    expect(app.callsTo('study.typing')).toHaveLength(2);

    // Their message ends their typing indicator.
    emitRoom(
      app,
      app.server.record({ type: 'message', authorId: PARTNER.userId, authorName: PARTNER.username, text: 'done' }),
    );
    await settle();
    expect(app.wrapper.find('[data-testid="typing"]').text()).toBe('');
  });
});

function fail(): never {
  throw new Error('missing fixture');
}

describe('study page: the partner', () => {
  it('follows presence: online, left, disconnected, back', async () => {
    const app = await renderStudy({ status: 'active' });
    expect(presence(app)).toBe('Online');

    emitRoom(app, { type: 'presence', userId: PARTNER.userId, online: false });
    await settle();
    expect(presence(app)).toBe('Left the room');
    expect(announced(app)).toBe('grace_h left the room');

    emitRoom(app, app.server.record({ type: 'disconnected', ...PARTNER }));
    await settle();
    expect(presence(app)).toBe('Disconnected');
    expect(announced(app)).toBe('grace_h lost connection');
    expect(app.text()).toContain('grace_h lost connection');

    emitRoom(app, app.server.record({ type: 'reconnected', ...PARTNER }));
    emitRoom(app, { type: 'presence', userId: PARTNER.userId, online: true });
    await settle();
    expect(presence(app)).toBe('Back');
    expect(announced(app)).toBe('grace_h is back');
  });

  it('after a reconnect, a partner seen before and now offline is "left", then "back"', async () => {
    const app = await renderStudy({ status: 'active' });
    const session = app.server.session() ?? fail();
    // The stream reconnected; meanwhile the partner's page went away.
    emitRoom(app, {
      type: 'state',
      session: { ...session, partner: session.partner && { ...session.partner, online: false } },
    });
    await settle();
    expect(presence(app)).toBe('Left the room');
    emitRoom(app, { type: 'presence', userId: PARTNER.userId, online: true });
    await settle();
    expect(presence(app)).toBe('Back');
  });

  it('right after pairing, a partner not connected yet is joining, and their first connection is no return', async () => {
    const server = createStudyServer({ status: 'active' });
    const paired = server.session() ?? fail();
    server.update({ partner: paired.partner && { ...paired.partner, online: false } });
    const app = await renderApp('/study', { 'auth.me': () => testUser, ...server.handlers });
    await settle();
    expect(presence(app)).toBe('Joining…');
    emitRoom(app, { type: 'presence', userId: PARTNER.userId, online: true });
    await settle();
    expect(presence(app)).toBe('Online');
  });

  it('a partner offline when the page opens mid-session has left', async () => {
    const server = createStudyServer({ status: 'active' });
    const paired = server.session() ?? fail();
    const tenMinutesAgo = server.serverNow() - 10 * MINUTE;
    server.update({
      startedAt: new Date(tenMinutesAgo).toISOString(),
      endsAt: new Date(tenMinutesAgo + 25 * MINUTE).toISOString(),
      partner: paired.partner && { ...paired.partner, online: false },
    });
    const app = await renderApp('/study', { 'auth.me': () => testUser, ...server.handlers });
    await settle();
    expect(timer(app)).toBe('15:00');
    expect(presence(app)).toBe('Left the room');
  });

  it('shows at once when the partner ends early', async () => {
    const app = await renderStudy({ status: 'active' });
    // The confirming read never answers: the page must not wait for it.
    app.server.stallReads = true;
    emitRoom(app, app.server.record({ type: 'endedEarly', ...PARTNER }));
    await settle();
    expect(app.wrapper.find('h2[data-phase-heading]').text()).toBe('grace_h ended the session early');
    expect(announced(app)).toBe('grace_h ended the session early');
    expect(app.wrapper.find('[role="timer"]').exists()).toBe(false);
    expect(app.callsTo('study.get')).toHaveLength(1);
    expect(app.wrapper.find('[data-testid="minutes"]').text()).toBe('…');
  });
});

describe('study page: ending', () => {
  it('asks before ending early: focus moves in and stays, Escape keeps studying', async () => {
    const app = await renderStudy({ status: 'active' });
    const endButton = button(app, 'End early');
    (endButton.element as HTMLButtonElement).focus();
    await endButton.trigger('click');
    await settle();

    const dialog = app.wrapper.find('[role="dialog"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.attributes('aria-labelledby') ?? '')?.textContent).toBe(
      'End the session early?',
    );
    expect(document.getElementById(dialog.attributes('aria-describedby') ?? '')?.textContent).toContain(
      'The timer stops for both of you',
    );
    const keep = button(app, 'Keep studying').element;
    const end = button(app, 'End session').element;
    expect(document.activeElement).toBe(keep);

    // Tab from the last control wraps to the first, Shift+Tab from the first to the last.
    end.focus();
    await dialog.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(keep);
    await dialog.trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(end);

    await dialog.trigger('keydown', { key: 'Escape' });
    await settle();
    expect(app.wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(app.callsTo('study.endEarly')).toHaveLength(0);
    expect(document.activeElement).toBe(endButton.element);
    expect(timer(app)).toBe('25:00');
  });

  it('ends early once confirmed and shows the summary with stats', async () => {
    const app = await renderStudy({ status: 'active' });
    await button(app, 'End early').trigger('click');
    await settle();
    await button(app, 'End session').trigger('click');
    await settle();

    expect(app.callsTo('study.endEarly').map((c) => c.input)).toEqual([{ sessionId: SESSION_ID }]);
    expect(app.wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(app.wrapper.find('h2[data-phase-heading]').text()).toBe('You ended the session early');
    expect(document.activeElement?.textContent?.trim()).toBe('You ended the session early');
    expect(app.wrapper.find('[data-testid="study-stats"]').exists()).toBe(true);
    expect(app.sockets.subscriptions('study.events')).toHaveLength(0);
  });

  it('completes: minutes, goal check-in and updated stats', async () => {
    const app = await renderStudy({ status: 'active', goal: 'Chapter 4' });
    app.server.stats = { ...app.server.stats, totalMinutes: 25, completedSessions: 1, longestSessionMinutes: 25 };
    app.server.update({ status: 'completed', endedAt: new Date().toISOString(), minutesStudied: 25 });
    emitRoom(app, app.server.record({ type: 'completed' }));
    await settle();

    expect(app.wrapper.find('h2[data-phase-heading]').text()).toBe('Session complete');
    expect(app.wrapper.find('[data-testid="minutes"]').text()).toBe('25');
    const stats = () => app.wrapper.find('[data-testid="study-stats"]').text();
    expect(stats()).toContain('Total focus time25 min');
    expect(stats()).toContain('Sessions completed1');
    expect(stats()).toContain('0 yes · 0 partly · 0 no');
    expect(app.text()).toContain('Did you reach your goal?');
    expect(app.text()).toContain('“Chapter 4”');

    await app.wrapper.find('input[type="radio"][value="partly"]').setValue(true);
    await app.wrapper.find('form textarea').setValue('Got through half of it');
    await app.wrapper.find('form').trigger('submit');
    await settle();

    expect(app.callsTo('study.checkIn').map((c) => c.input)).toEqual([
      { sessionId: SESSION_ID, result: 'partly', note: 'Got through half of it' },
    ]);
    expect(app.wrapper.find('[data-testid="checked-in"]').text()).toContain('Goal reached: Partly');
    expect(stats()).toContain('0 yes · 1 partly · 0 no');

    await button(app, 'Study again').trigger('click');
    await settle();
    expect(app.text()).toContain('Find a partner');
    expect(app.router.currentRoute.value.query.session).toBeUndefined();
  });

  it('shows a finished session’s summary again after a reload', async () => {
    const server = createStudyServer({ status: 'active' });
    server.update({ status: 'completed', endedAt: new Date().toISOString(), minutesStudied: 25 });
    const app = await renderApp(`/study?session=${SESSION_ID}`, { 'auth.me': () => testUser, ...server.handlers });
    await settle();
    expect(app.wrapper.find('h2[data-phase-heading]').text()).toBe('Session complete');
    expect(app.callsTo('study.get').map((c) => c.input)).toEqual([{ sessionId: SESSION_ID }]);
  });
});

describe('study page: leaving and alerts', () => {
  it('lets the student visit other pages mid-session, keeping the room open, and asks only before closing the tab', async () => {
    const app = await renderStudy({ status: 'active' });
    // What leaving costs, said on the page (browsers show their own words in the prompt).
    expect(app.wrapper.find('[data-testid="leave-hint"]').text()).toContain(
      'Closing this tab: your partner sees you leave',
    );
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await app.router.push('/home');
    await settle();
    expect(confirm).not.toHaveBeenCalled();
    expect(app.router.currentRoute.value.path).toBe('/home');
    // The room's stream stays open: the partner sees no one leave.
    expect(app.sockets.subscriptions('study.events')).toHaveLength(1);

    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
  });

  it('does not hold up leaving when no session runs', async () => {
    const app = await renderStudy();
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    await app.router.push('/home');
    expect(confirm).not.toHaveBeenCalled();
    expect(app.router.currentRoute.value.path).toBe('/home');
  });

  it('never alerts without consent, even where notifications are already allowed', async () => {
    const shown: string[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = vi.fn(async () => 'granted' as const);
      constructor(title: string) {
        shown.push(title);
      }
    }
    const beeps: number[] = [];
    class FakeAudioContext {
      state = 'running';
      currentTime = 0;
      destination = {};
      createOscillator() {
        return {
          type: 'sine',
          frequency: { value: 0 },
          connect() {},
          start: (at: number) => beeps.push(at),
          stop() {},
        };
      }
      createGain() {
        return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
      }
      resume = async () => {};
      close = async () => {};
    }
    vi.stubGlobal('Notification', FakeNotification);
    vi.stubGlobal('AudioContext', FakeAudioContext);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });

    const app = await renderStudy({ status: 'active' });
    document.dispatchEvent(new Event('pointerdown'));
    emitRoom(app, app.server.record({ type: 'fiveMinutesLeft', endsAt: new Date().toISOString() }));
    await settle();
    expect(app.text()).toContain('5 minutes left');
    expect(shown).toEqual([]);
    expect(beeps).toEqual([]);

    const toggle = app.wrapper.find('button[role="switch"]');
    expect(toggle.attributes('aria-checked')).toBe('false');
    await toggle.trigger('click');
    await settle();
    expect(toggle.attributes('aria-checked')).toBe('true');
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();

    app.server.update({ status: 'completed', minutesStudied: 25 });
    emitRoom(app, app.server.record({ type: 'completed' }));
    await settle();
    expect(shown).toEqual(['Session complete']);
    expect(beeps).toHaveLength(2);
  });

  it('asks for notification permission when alerts are turned on, and remembers the choice', async () => {
    const requestPermission = vi.fn(async () => 'denied' as const);
    vi.stubGlobal(
      'Notification',
      class {
        static permission: NotificationPermission = 'default';
        static requestPermission = requestPermission;
      },
    );
    const app = await renderStudy();
    await app.wrapper.find('button[role="switch"]').trigger('click');
    await settle();
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(app.text()).toContain('Sound only: notifications are blocked in your browser.');

    unmountAll();
    const again = await renderStudy();
    expect(again.wrapper.find('button[role="switch"]').attributes('aria-checked')).toBe('true');
  });
});

describe('study page: live updates that drop', () => {
  it('shows "reconnecting" (never a stale "Online") and resumes from the last event it got', async () => {
    const app = await renderStudy({ status: 'active' });
    const said = app.server.record({
      type: 'message',
      authorId: PARTNER.userId,
      authorName: PARTNER.username,
      text: 'a',
    });
    if (!said) throw new Error('not stored');
    emitRoom(app, said);
    await settle();
    expect(presence(app)).toBe('Online');
    expect(app.wrapper.find('[data-testid="reconnecting"]').exists()).toBe(false);

    // The server's event bus dropped: it ends the stream with a reason.
    app.sockets.end('study.events', { code: 'SERVICE_UNAVAILABLE', message: 'Realtime connection lost' });
    await expect.poll(() => app.wrapper.find('[data-testid="reconnecting"]').exists()).toBe(true);
    expect(app.wrapper.find('[role="status"][data-testid="reconnecting"]').text()).toContain('Reconnecting…');
    expect(presence(app)).toBe('Reconnecting…');
    expect(app.wrapper.find('[role="alert"]').exists()).toBe(false);

    await expect
      .poll(() => app.sockets.subscriptions('study.events').map((s) => s.input), { timeout: 3_000 })
      .toEqual([{ sessionId: SESSION_ID, lastEventId: said.id }]);
    await expect.poll(() => app.wrapper.find('[data-testid="reconnecting"]').exists()).toBe(false);
    expect(presence(app)).toBe('Online');
  });
});

describe('study page: report and block', () => {
  async function renderWithSafety() {
    const server = createStudyServer({
      status: 'active',
      events: [
        { type: 'message', authorId: PARTNER.userId, authorName: PARTNER.username, text: 'buy followers here' },
        { type: 'message', authorId: testUser.id, authorName: testUser.username, text: 'no thanks' },
      ],
    });
    const app = await renderApp('/study', {
      'auth.me': () => testUser,
      ...server.handlers,
      'safety.report': () => ({ ok: true as const, duplicate: false }),
      'safety.block': () => ({ ok: true as const }),
    });
    await settle();
    return app;
  }

  it("reports a partner's message from its menu with a reason", async () => {
    const app = await renderWithSafety();
    // Only the partner's message has a menu.
    const menus = app.wrapper.findAll('button[aria-haspopup="menu"]');
    expect(menus).toHaveLength(1);
    expect(menus[0]?.attributes('aria-label')).toMatch(/^Actions for grace_h's message at /);
    await menus[0]?.trigger('click');
    await settle();
    await button(app, 'Report message').trigger('click');
    await settle();
    const dialog = app.wrapper.find('[role="dialog"]');
    expect(dialog.find('h2').text()).toBe("Report grace_h's message");
    await dialog.find('input[value="spam"]').setValue(true);
    await dialog.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('safety.report').map((call) => call.input)).toEqual([
      { target: { kind: 'message', roomId: SESSION_ID, messageId: '2' }, reason: 'spam' },
    ]);
    expect(app.wrapper.find('[role="dialog"] [role="status"]').text()).toContain('Your report was sent');
  });

  it('blocks the partner from the card; their messages leave the chat at once', async () => {
    const app = await renderWithSafety();
    expect(messages(app)).toEqual(['buy followers here', 'no thanks']);
    await app.wrapper.find('button[aria-label="Block grace_h"]').trigger('click');
    await settle();
    expect(app.wrapper.find('[role="dialog"] h2').text()).toBe('Block grace_h?');
    await button(app, 'Block grace_h').trigger('click');
    await settle();
    expect(app.callsTo('safety.block').map((call) => call.input)).toEqual([{ userId: PARTNER.userId }]);
    expect(app.wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(messages(app)).toEqual(['no thanks']);
    expect(app.wrapper.find('[data-testid="safety-notice"]').text()).toContain('You blocked grace_h.');
  });

  it('hides the partner at once when they are blocked in another tab', async () => {
    const app = await renderWithSafety();
    emitUserEvent(app, { type: 'blocksChanged', userId: PARTNER.userId, blocked: true });
    await settle();
    expect(messages(app)).toEqual(['no thanks']);
    expect(app.callsTo('safety.block')).toHaveLength(0);
  });
});
