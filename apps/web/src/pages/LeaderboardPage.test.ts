import { afterEach, describe, expect, it, vi } from 'vitest';
import { testUser } from '../test/fakeApi';
import { boardRows, boardView, me, type BoardView } from '../test/progressFixtures';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { WEEK_RULE } from '@studysync/validators';
import { formatWeekdayMoment } from '../lib/dates';

afterEach(unmountAll);

type Rendered = Awaited<ReturnType<typeof renderApp>>;
const tabs = (app: Rendered) => app.wrapper.findAll('[role="tab"]');
const myRow = (app: Rendered) => app.wrapper.find('[data-testid="my-row"]').text().replace(/\s+/g, ' ').trim();

/** A live item as the server sends it: tracked by `<periodId>:<version>`. */
function liveItem(board: BoardView, changes: Partial<BoardView> = {}) {
  const data = { type: 'board', ...board, ...changes };
  return { id: `${data.periodId}:${data.version}`, data };
}

describe('leaderboard page', () => {
  it('shows the week: a podium with medals, ranks 4 to 50, and my own row pinned outside the top', async () => {
    const app = await renderApp('/leaderboard', { 'auth.me': () => testUser, 'leaderboard.get': () => boardView() });
    expect(app.wrapper.find('h1').text()).toBe('Leaderboard');
    expect(app.callsTo('leaderboard.get').map((call) => call.input)).toEqual([{ board: 'week' }]);
    expect(tabs(app).map((tab) => [tab.text(), tab.attributes('aria-selected')])).toEqual([
      ['This week', 'true'],
      ['This month', 'false'],
      ['All time', 'false'],
    ]);
    expect(app.wrapper.text()).toContain('Week 48, 2026 · 1234 students ranked');

    const podium = app.wrapper.findAll('ol[aria-label="Top three"] > li');
    expect(podium.map((place) => place.findAll('p').map((line) => line.text()))).toEqual([
      ['Gold, 1st place', 'student_1', '50 h', '40 completed sessions'],
      ['Silver, 2nd place', 'student_2', '49 h 50 min', '40 completed sessions'],
      ['Bronze, 3rd place', 'student_3', '49 h 40 min', '39 completed sessions'],
    ]);
    const rows = app.wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(47);
    expect(rows[0]?.findAll('td').map((cell) => cell.text())).toEqual(['4', 'student_4', '49 h 30 min', '39']);
    expect(rows.at(-1)?.find('td').text()).toBe('50');
    expect(myRow(app)).toBe('You · 57th of 1234 · 40 h 10 min · outside the top 50');
  });

  it('marks my row when I am in the top list', async () => {
    const top = boardRows(10);
    top[4] = { ...top[4], userId: me.userId, username: me.username, rank: 5 } as (typeof top)[number];
    const app = await renderApp('/leaderboard', {
      'auth.me': () => testUser,
      'leaderboard.get': () =>
        boardView({ top, ranked: 10, me: { rank: 5, minutes: 2960, completedSessions: 38, hidden: false } }),
    });
    const mine = app.wrapper.find('tr[aria-current="true"]');
    expect(mine.text()).toContain('ada_l (you)');
    expect(myRow(app)).toBe('You · 5th of 10 · 49 h 20 min');
  });

  it('switches between week, month and all time, by click and by arrow keys', async () => {
    const app = await renderApp('/leaderboard', {
      'auth.me': () => testUser,
      'leaderboard.get': ({ board }) =>
        board === 'month'
          ? boardView({ board, periodId: 'month:2026-11', label: 'November 2026' })
          : board === 'all'
            ? boardView({ board, periodId: 'all', label: 'All time', startsAt: null, endsAt: null })
            : boardView(),
    });
    await tabs(app)[1]?.trigger('click');
    await settle();
    expect(app.router.currentRoute.value.query).toEqual({ board: 'month' });
    expect(app.wrapper.text()).toContain('November 2026 ·');
    expect(tabs(app)[1]?.attributes('aria-selected')).toBe('true');
    // The live stream follows the board on show.
    expect(app.sockets.subscriptions('leaderboard.live').map((sub) => sub.input)).toEqual([{ board: 'month' }]);

    await tabs(app)[1]?.trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(app.router.currentRoute.value.query).toEqual({ board: 'all' });
    expect(app.wrapper.text()).toContain('All time ·');
    expect(app.wrapper.text()).not.toContain('starts again');
    expect(document.activeElement?.textContent?.trim()).toBe('All time');
    await tabs(app)[2]?.trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(app.router.currentRoute.value.query).toEqual({});
    // Back on the week: shown from cache at once (and refreshed).
    expect(app.wrapper.text()).toContain('Week 48, 2026 ·');
    expect(app.callsTo('leaderboard.get').map((call) => call.input)).toEqual([
      { board: 'week' },
      { board: 'month' },
      { board: 'all' },
      { board: 'week' },
    ]);
  });

  it('tells a hidden student they are hidden, with the way back', async () => {
    const app = await renderApp('/leaderboard', {
      'auth.me': () => ({ ...testUser, showOnLeaderboard: false }),
      'leaderboard.get': () => boardView({ me: { rank: null, minutes: 95, completedSessions: 2, hidden: true } }),
    });
    expect(myRow(app)).toContain('You · hidden from leaderboards · 1 h 35 min');
    expect(app.wrapper.find('[data-testid="my-row"] a').text()).toBe('Show me');
    expect(app.wrapper.find('[data-testid="my-row"] a').attributes('href')).toBe('/settings');
  });

  it('an empty board invites the first session', async () => {
    const app = await renderApp('/leaderboard', {
      'auth.me': () => testUser,
      'leaderboard.get': () =>
        boardView({ top: [], ranked: 0, me: { rank: null, minutes: 0, completedSessions: 0, hidden: false } }),
    });
    expect(app.wrapper.text()).toContain('Nobody is on this board yet.');
    expect(myRow(app)).toContain('not on this board yet');
  });

  it('updates live from the board stream, then refetches my own rank; a new week is fetched whole', async () => {
    let served = boardView();
    const app = await renderApp('/leaderboard', { 'auth.me': () => testUser, 'leaderboard.get': () => served });
    expect(app.sockets.subscriptions('leaderboard.live').map((sub) => sub.input)).toEqual([{ board: 'week' }]);
    app.sockets.emit('leaderboard.live', liveItem(served)); // the current board first: nothing new
    await settle();
    expect(app.wrapper.text()).toContain('Live');

    // Someone finishes a session and takes first place.
    const top = [
      { ...boardRows(1)[0], userId: '665f1c2b9d3e4a00ffffffff', username: 'newcomer', minutes: 3100 },
      ...boardRows(49),
    ].map((row, index) => ({
      ...row,
      rank: index + 1,
      medal: index === 0 ? 'gold' : index === 1 ? 'silver' : index === 2 ? 'bronze' : null,
    })) as BoardView['top'];
    served = boardView({ top, ranked: 1235, version: 8, me: { ...served.me, rank: 58 } });
    app.sockets.emit('leaderboard.live', liveItem(served, { version: 8 }));
    await settle();
    expect(app.wrapper.find('ol[aria-label="Top three"] li').text()).toContain('newcomer');
    expect(app.wrapper.text()).toContain('1235 students ranked');
    const fetched = app.callsTo('leaderboard.get').length;
    // Once the changes settle (a debounce), my own rank is refetched, once.
    await vi.waitFor(() => expect(myRow(app)).toContain('58th of 1235'), { timeout: 5_000 });
    expect(app.callsTo('leaderboard.get').length).toBe(fetched + 1);

    // An old version arriving late changes nothing.
    app.sockets.emit('leaderboard.live', liveItem(boardView(), { version: 6 }));
    await settle();
    expect(app.wrapper.find('ol[aria-label="Top three"] li').text()).toContain('newcomer');

    // Monday: a new week begins, fetched whole at once.
    served = boardView({ periodId: 'week:2026-W49', label: 'Week 49, 2026', top: [], ranked: 0, version: 9 });
    app.sockets.emit('leaderboard.live', liveItem(served, { version: 9 }));
    await settle();
    expect(app.wrapper.text()).toContain('Week 49, 2026');
    expect(app.wrapper.text()).toContain('Nobody is on this board yet.');
  });
});

describe('the week on the board', () => {
  it('says when the week starts again in the student’s zone, and states the one week rule', async () => {
    const app = await renderApp('/leaderboard', {
      'auth.me': () => ({ ...testUser, timeZone: 'Asia/Tokyo' }),
      'leaderboard.get': () => boardView(),
    });
    // Monday 00:00 UTC: Monday 09:00 in Tokyo.
    expect(app.wrapper.text()).toContain(
      `starts again ${formatWeekdayMoment('2026-11-30T00:00:00.000Z', 'Asia/Tokyo')}`,
    );
    expect(app.wrapper.find('[data-testid="week-rule"]').text()).toContain(WEEK_RULE);
  });
});
