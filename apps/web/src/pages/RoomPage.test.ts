import type { DOMWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testUser, type FakeHandlers } from '../test/fakeApi';
import { renderApp, settle, unmountAll, type RenderedApp } from '../test/renderApp';
import {
  createRoomServer,
  emitRoomEvent,
  HOST,
  INVITE,
  MINUTE,
  OTHER,
  ROOM_ID,
  type FakeRoomServer,
  type RoomServerOptions,
} from '../test/roomFixtures';
import { createStudyServer } from '../test/studyFixtures';

afterEach(() => {
  clock = 0;
  unmountAll();
  vi.restoreAllMocks();
  localStorage.clear();
});

async function renderRoom(options: RoomServerOptions = {}, path = `/rooms/${ROOM_ID}`, extra: FakeHandlers = {}) {
  const server = createRoomServer(options);
  const app = await renderApp(path, { 'auth.me': () => testUser, ...server.handlers, ...extra });
  await settle();
  return { ...app, server, text: () => app.wrapper.text() };
}

type App = RenderedApp & { server: FakeRoomServer; text: () => string };

function button(app: App, label: string): DOMWrapper<HTMLButtonElement> {
  const found = app.wrapper.findAll('button').find((b) => b.text() === label);
  if (!found) throw new Error(`No button "${label}" in: ${app.wrapper.text()}`);
  return found as DOMWrapper<HTMLButtonElement>;
}
const hasButton = (app: App, label: string) => app.wrapper.findAll('button').some((b) => b.text() === label);
const timer = (app: App) => app.wrapper.find('[role="timer"]').text();
const phaseName = (app: App) => app.wrapper.find('[data-testid="phase-name"]').text();
const announced = (app: App) => app.wrapper.find('[data-testid="room-announcer"]').text();

/** The local clock stands still from here on, but for `later`. */
let clock = 0;
function freezeClock(): void {
  clock = Date.now();
  vi.spyOn(Date, 'now').mockImplementation(() => clock);
}

/** The local clock jumps `ms` ahead (no ticks ran meanwhile), and the page looks again. */
async function later(ms: number): Promise<void> {
  if (clock === 0) freezeClock();
  clock += ms;
  document.dispatchEvent(new Event('visibilitychange'));
  await settle();
}

describe('room page: the shared timer', () => {
  it('counts down the phase from the run and the server clock, and announces phases, not seconds', async () => {
    // The server's clock is an hour ahead of this computer's: the offset is measured, not assumed.
    freezeClock();
    const app = await renderRoom({ runStartedAgoMs: 10 * MINUTE, clockOffsetMs: 60 * MINUTE });
    expect(phaseName(app)).toBe('Focus block 1');
    expect(timer(app)).toBe('15:00');
    expect(announced(app)).toBe('Focus block 1: 15 minutes left.');
    expect(document.title).toBe('15:00 focus · Study room · StudySync');

    // A few seconds on: the clock moves, the live region says nothing new.
    await later(5_000);
    expect(timer(app)).toBe('14:55');
    expect(announced(app)).toBe('Focus block 1: 15 minutes left.');

    // The 5-minute milestone is said once.
    await later(10 * MINUTE + 30_000);
    expect(announced(app)).toBe('5 minutes left in this focus block.');

    // The break, from the same schedule: no event needed.
    await later(4 * MINUTE + 26_000);
    expect(phaseName(app)).toBe('Break');
    expect(timer(app)).toBe('04:59');
    expect(announced(app)).toBe('Break: 5 minutes. Take a break.');
    expect(document.title).toBe('04:59 break · Study room · StudySync');
  });

  it('waits for the host before a run starts', async () => {
    const app = await renderRoom();
    expect(phaseName(app)).toBe('Waiting for the host');
    expect(app.text()).toContain('The host starts the cycle.');
  });
});

describe('room page: members and chat', () => {
  it('shows the members with their goals, presence and the host badge, and no host tools to a member', async () => {
    const app = await renderRoom({ runStartedAgoMs: MINUTE });
    const members = app.wrapper.findAll('[data-testid="member"]').map((m) => m.text());
    expect(members).toHaveLength(3);
    expect(members[0]).toContain(HOST.username);
    expect(members[0]).toContain('Host');
    expect(members[0]).toContain('Thesis chapter 2');
    expect(members[0]).toContain('Focusing');
    expect(members[2]).toContain('Problem set 3');
    expect(app.wrapper.find('[data-testid="host-controls"]').exists()).toBe(false);
    expect(hasButton(app, 'Mute')).toBe(false);
    expect(hasButton(app, 'Remove')).toBe(false);
    expect(hasButton(app, 'Report')).toBe(true);
    expect(hasButton(app, 'Block')).toBe(true);

    emitRoomEvent(app, { type: 'presence', userId: OTHER.userId, online: false });
    await settle();
    expect(app.wrapper.findAll('[data-testid="member-presence"]').map((p) => p.text())).toEqual([
      'Here',
      'Here',
      'Away',
    ]);
  });

  it('keeps chat closed during focus (saying why) and opens it in the break', async () => {
    freezeClock();
    const app = await renderRoom({ runStartedAgoMs: 24 * MINUTE });
    expect(app.wrapper.find('[data-testid="chat-closed"]').text()).toBe(
      'Chat is closed while you focus: it opens at the break.',
    );
    expect(app.wrapper.find('textarea').attributes('disabled')).toBeDefined();

    await later(MINUTE + 1_000);
    expect(app.wrapper.find('[data-testid="chat-closed"]').exists()).toBe(false);
    await app.wrapper.find('form textarea').setValue('Break time!');
    await app.wrapper.find('form textarea').trigger('submit');
    await settle();
    expect(app.callsTo('rooms.sendMessage').map((c) => c.input)).toEqual([{ roomId: ROOM_ID, text: 'Break time!' }]);
    expect(app.wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['Break time!']);
  });

  it('streams the log from the newest event and shows what others say, once', async () => {
    const app = await renderRoom({
      chatDuringFocus: true,
      events: [{ type: 'memberJoined', userId: OTHER.userId, username: OTHER.username }],
    });
    expect(app.sockets.subscriptions('rooms.events').map((s) => s.input)).toEqual([
      { roomId: ROOM_ID, lastEventId: '1' },
    ]);
    // A new state (as the stream's first item brings) keeps the same subscription.
    const [stream] = app.sockets.subscriptions('rooms.events');
    emitRoomEvent(app, { type: 'state', room: app.server.room() });
    await settle();
    expect(app.sockets.subscriptions('rooms.events').map((s) => s.id)).toEqual([stream?.id]);
    const said = app.server.record({
      type: 'message',
      authorId: OTHER.userId,
      authorName: OTHER.username,
      text: 'hi all',
    });
    emitRoomEvent(app, said);
    emitRoomEvent(app, said);
    await settle();
    expect(app.wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['hi all']);
    expect(app.text()).toContain('alan_t joined');
  });

  it('says so when the host muted you', async () => {
    const app = await renderRoom({ chatDuringFocus: true });
    app.server.update({ me: { ...app.server.room().me, muted: true } });
    emitRoomEvent(
      app,
      app.server.record({ type: 'memberMuted', userId: testUser.id, username: testUser.username, muted: true }),
    );
    await settle();
    expect(app.wrapper.find('[data-testid="chat-closed"]').text()).toBe(
      'The host muted you: you can read the chat but not send.',
    );
  });
});

describe('room page: the host', () => {
  it('starts the cycle, mutes and (after confirming) removes a member', async () => {
    freezeClock();
    const app = await renderRoom({ host: true });
    expect(app.wrapper.find('[data-testid="host-controls"]').exists()).toBe(true);
    await button(app, 'Start the cycle').trigger('click');
    await settle();
    expect(app.callsTo('rooms.startRun')).toHaveLength(1);
    expect(phaseName(app)).toBe('Focus block 1');
    expect(timer(app)).toBe('25:00');
    expect(hasButton(app, 'End the run')).toBe(true);

    await app.wrapper.find(`button[aria-label="Mute ${OTHER.username}"]`).trigger('click');
    await settle();
    expect(app.callsTo('rooms.mute').map((c) => c.input)).toEqual([{ roomId: ROOM_ID, userId: OTHER.userId }]);
    expect(app.wrapper.findAll('[data-testid="member"]')[1]?.text()).toContain('Muted');

    await app.wrapper.find(`button[aria-label="Remove ${OTHER.username}"]`).trigger('click');
    await settle();
    expect(app.callsTo('rooms.remove')).toHaveLength(0);
    expect(app.text()).toContain(`Remove ${OTHER.username}?`);
    await button(app, 'Remove').trigger('click');
    await settle();
    expect(app.callsTo('rooms.remove').map((c) => c.input)).toEqual([{ roomId: ROOM_ID, userId: OTHER.userId }]);
    expect(app.wrapper.findAll('[data-testid="member"]')).toHaveLength(1);
  });

  it('makes a new invite link for a private room and shows it to copy', async () => {
    const app = await renderRoom({ host: true, visibility: 'private' });
    expect(app.wrapper.find('[data-testid="invite-on"]').exists()).toBe(true);
    await button(app, 'Make a new link').trigger('click');
    await settle();
    expect(app.wrapper.find<HTMLInputElement>('[data-testid="invite-link"]').element.value).toBe(
      `${window.location.origin}/rooms/${ROOM_ID}?code=${INVITE}`,
    );
  });
});

describe('room page: joining', () => {
  it('opens a private room only with its code, and joins with it', async () => {
    const wrong = await renderRoom(
      { visibility: 'private', joined: false },
      `/rooms/${ROOM_ID}?code=wrongwrongwrong123`,
    );
    expect(wrong.wrapper.find('[data-testid="room-not-found"]').text()).toContain('Room not found');
    unmountAll();

    const app = await renderRoom({ visibility: 'private', joined: false }, `/rooms/${ROOM_ID}?code=${INVITE}`);
    expect(app.text()).toContain('Join Calculus crew');
    await app.wrapper.find('[data-testid="join-form"] textarea').setValue('Integrals');
    await app.wrapper.find('[data-testid="join-form"]').trigger('submit');
    await settle();
    expect(app.callsTo('rooms.join').map((c) => c.input)).toEqual([
      { roomId: ROOM_ID, code: INVITE, goal: 'Integrals' },
    ]);
    expect(app.wrapper.findAll('[data-testid="member-goal"]').map((g) => g.text())).toContain('Integrals');
    expect(app.sockets.subscriptions('rooms.events')).toHaveLength(1);
  });

  it('says why a student in a partner session cannot join', async () => {
    const study = createStudyServer({ status: 'active' });
    const app = await renderRoom({ joined: false }, `/rooms/${ROOM_ID}`, study.handlers);
    expect(app.wrapper.find('[data-testid="in-partner-session"]').text()).toContain(
      "You're in a partner session right now",
    );
    expect(app.wrapper.find('[data-testid="join-form"]').exists()).toBe(false);
  });
});

describe('room page: safety', () => {
  it('reports a message from its menu, and blocking a member hides their messages', async () => {
    const app = await renderRoom(
      {
        chatDuringFocus: true,
        events: [{ type: 'message', authorId: OTHER.userId, authorName: OTHER.username, text: 'buy now' }],
      },
      `/rooms/${ROOM_ID}`,
      {
        'safety.report': () => ({ ok: true as const, duplicate: false }),
        'safety.block': () => ({ ok: true as const }),
      },
    );
    expect(app.wrapper.findAll('[data-testid="message"]').map((m) => m.text())).toEqual(['buy now']);

    await app.wrapper.find('button[aria-haspopup="menu"]').trigger('click');
    await settle();
    await button(app, 'Report message').trigger('click');
    await settle();
    const dialog = app.wrapper.find('[role="dialog"]');
    expect(dialog.find('h2').text()).toBe(`Report ${OTHER.username}'s message`);
    await dialog.find('input[value="spam"]').setValue(true);
    await dialog.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('safety.report').map((c) => c.input)).toEqual([
      { target: { kind: 'message', roomId: ROOM_ID, messageId: '1' }, reason: 'spam' },
    ]);
    await button(app, 'Close').trigger('click');
    await settle();

    // Report and block a member from the grid, too.
    await app.wrapper.find(`button[aria-label="Block ${OTHER.username}"]`).trigger('click');
    await settle();
    await button(app, `Block ${OTHER.username}`).trigger('click');
    await settle();
    expect(app.callsTo('safety.block').map((c) => c.input)).toEqual([{ userId: OTHER.userId }]);
    expect(app.wrapper.findAll('[data-testid="message"]')).toHaveLength(0);
    expect(app.wrapper.find('[data-testid="safety-notice"]').text()).toContain(`You blocked ${OTHER.username}.`);
  });
});

describe('room page: removed', () => {
  it('says the host removed you, even from a private room that now hides itself', async () => {
    const app = await renderRoom({ visibility: 'private', chatDuringFocus: true });
    expect(app.sockets.subscriptions('rooms.events')).toHaveLength(1);
    app.server.update({ me: { ...app.server.room().me, member: false } });
    emitRoomEvent(app, app.server.record({ type: 'memberRemoved', userId: testUser.id, username: testUser.username }));
    await settle();
    expect(app.text()).toContain('You were removed from this room');
    expect(app.text()).not.toContain('Room not found');
    expect(app.sockets.subscriptions('rooms.events')).toHaveLength(0);
  });
});

describe('room page: the end of a run', () => {
  it('asks for the check-in and offers to tick the planner subtask that was the goal', async () => {
    const planner = [
      {
        id: '65f0c0ffee0000000000dd01',
        name: 'Essay',
        stages: [{ subtasks: [{ id: '65f0c0ffee0000000000ee01', title: 'Find five sources', done: false }] }],
      },
    ];
    const app = await renderRoom({}, `/rooms/${ROOM_ID}`, {
      'planner.list': () => planner as never,
      'rooms.checkIn': () => app.server.room(),
    });
    const mine = app.server.room().members.map((m) =>
      m.userId === testUser.id
        ? {
            ...m,
            goal: 'Essay · Find five sources',
            subtask: { assessmentId: '65f0c0ffee0000000000dd01', subtaskId: '65f0c0ffee0000000000ee01' },
          }
        : m,
    );
    app.server.update({
      members: mine,
      run: { no: 1, startedAt: Date.now() - 30 * MINUTE, skippedMs: 0, endedAt: Date.now() },
      me: { ...app.server.room().me, canCheckIn: true },
    });
    emitRoomEvent(app, app.server.record({ type: 'runEnded', run: 1 }));
    await settle();
    expect(app.text()).toContain('The run is over: check in');
    expect(app.text()).toContain('Did you reach your goal?');
    app.server.update({ me: { ...app.server.room().me, canCheckIn: false } });
    await app.wrapper.find('input[name="check-in"][value="yes"]').setValue(true);
    await app.wrapper.find('input[type="checkbox"]').setValue(true);
    const label = app.wrapper.find('input[type="checkbox"] + label').text();
    expect(label).toBe('Mark “Find five sources” done in my planner');
    await button(app, 'Save check-in').trigger('click');
    await settle();
    expect(app.callsTo('rooms.checkIn').map((c) => c.input)).toEqual([
      { roomId: ROOM_ID, result: 'yes', subtaskDone: true },
    ]);
    expect(app.wrapper.find('[data-testid="checked-in"]').exists()).toBe(true);
  });
});
