import { afterEach, describe, expect, it } from 'vitest';
import { testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

const session = (n: number, partner: { username: string; former: boolean } | null) => ({
  id: `665f1c2b9d3e4a00aaaaaa${String(n).padStart(2, '0')}`,
  status: 'completed' as const,
  startedAt: '2030-03-06T08:00:00.000Z',
  endedAt: '2030-03-06T08:25:00.000Z',
  plannedMinutes: 25,
  minutesStudied: 25,
  counted: true,
  partner,
  goal: n === 1 ? 'Finish chapter 3' : null,
  checkIn: n === 1 ? { result: 'partly' as const, note: 'half of it' } : null,
});

describe('session history page', () => {
  it('lists sessions with partner, goal and check-in, a page at a time', async () => {
    const app = await renderApp('/history', {
      'auth.me': () => testUser,
      'account.history': (input) =>
        input.cursor
          ? { items: [session(3, null)], total: 21, nextCursor: null }
          : {
              items: [
                session(1, { username: 'ana', former: false }),
                session(2, { username: 'former student', former: true }),
              ],
              total: 21,
              nextCursor: 20,
            },
    });
    expect(app.wrapper.find('h1').text()).toBe('Session history');
    const items = app.wrapper.findAll('ol li');
    expect(items[0]?.text()).toContain('ana');
    expect(items[0]?.text()).toContain('Finish chapter 3');
    expect(items[0]?.text()).toContain('Partly met — half of it');
    expect(items[1]?.text()).toContain('former student');
    expect(app.wrapper.text()).toContain('Page 1 of 2');

    await app.wrapper
      .findAll('button')
      .find((button) => button.text() === 'Older')
      ?.trigger('click');
    await settle();
    expect(app.callsTo('account.history').map((call) => call.input)).toEqual([
      { cursor: 0, limit: 20 },
      { cursor: 20, limit: 20 },
    ]);
    expect(app.wrapper.findAll('ol li')[0]?.text()).toContain('Nobody joined');
    expect(app.wrapper.text()).toContain('Page 2 of 2');
  });

  it('says so when there is nothing yet', async () => {
    const app = await renderApp('/history', {
      'auth.me': () => testUser,
      'account.history': () => ({ items: [], total: 0, nextCursor: null }),
    });
    expect(app.wrapper.text()).toContain('No sessions yet');
  });
});
