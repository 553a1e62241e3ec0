import { afterEach, describe, expect, it, vi } from 'vitest';
import { testUser, type FakeHandlers } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { directoryEntry, MINUTE, ROOM_ID } from '../test/roomFixtures';

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

const serverTime = () => new Date().toISOString();

async function renderDirectory(rooms: ReturnType<typeof directoryEntry>[]) {
  const handlers = {
    'auth.me': () => testUser,
    'rooms.directory': () => rooms,
  } as FakeHandlers;
  const app = await renderApp('/rooms', handlers);
  await settle();
  return app;
}

const cards = (app: Awaited<ReturnType<typeof renderDirectory>>) =>
  app.wrapper.findAll('[data-testid="room-card"]').map((card) => card.text());

describe('rooms directory', () => {
  it('says so when no room is open and offers to create one', async () => {
    const app = await renderDirectory([]);
    expect(app.wrapper.find('[data-testid="rooms-empty"]').text()).toContain('No open rooms right now');
    const create = app.wrapper.findAll('a').filter((a) => a.text() === 'Create a room');
    expect(create.length).toBeGreaterThan(0);
    expect(create[0]?.attributes('href')).toBe('/rooms/new');
  });

  it('lists rooms in the server’s order with occupancy, tag, host and the phase ticking from the schedule', async () => {
    const started = Date.now() - 20 * MINUTE;
    const app = await renderDirectory([
      directoryEntry({
        run: { startedAt: started, skippedMs: 0 },
        phase: { kind: 'focus', block: 1, endsAt: new Date(started + 25 * MINUTE).toISOString() },
        occupancy: 5,
      }),
      directoryEntry({ id: '65f0c0ffee0000000000cc02', name: 'Quiet library', tag: null, occupancy: 1 }),
    ]);
    const [first, second] = cards(app);
    expect(first).toContain('Calculus crew');
    expect(first).toContain('MATH 201');
    expect(first).toContain('5 / 12');
    expect(first).toContain('Hosted by grace_h');
    expect(first).toContain('Focus block 1 · 05:00 left');
    expect(second).toContain('Quiet library');
    expect(second).toContain('Not started');
    expect(app.wrapper.find('[data-testid="room-card"] a').attributes('href')).toBe(`/rooms/${ROOM_ID}`);

    // Six minutes later, with no new data: the client computes the break from the same schedule.
    const from = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => from + 6 * MINUTE);
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(cards(app)[0]).toContain('Break · 04:00 left');
  });

  it('follows the live stream’s snapshots', async () => {
    const app = await renderDirectory([]);
    expect(app.sockets.subscriptions('rooms.directoryLive')).toHaveLength(1);
    app.sockets.emit('rooms.directoryLive', {
      type: 'roomDirectory',
      rooms: [directoryEntry({ name: 'Late night chemistry', occupancy: 2 })],
      serverTime: serverTime(),
    });
    await settle();
    expect(cards(app)).toHaveLength(1);
    expect(cards(app)[0]).toContain('Late night chemistry');
    expect(cards(app)[0]).toContain('2 / 12');
  });
});
