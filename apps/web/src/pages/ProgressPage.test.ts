import { Bar } from 'vue-chartjs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeServerError, testUser } from '../test/fakeApi';
import { progressOverview } from '../test/progressFixtures';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { WEEK_RULE } from '@studysync/validators';
import { formatMoment } from '../lib/dates';

afterEach(unmountAll);

const text = (app: Awaited<ReturnType<typeof renderApp>>, selector: string) => app.wrapper.find(selector).text();

describe('progress page', () => {
  it('shows stats, the streak, the weekly goal, achievements and the 12-week chart', async () => {
    const app = await renderApp('/progress', {
      'auth.me': () => testUser,
      'progress.overview': () => progressOverview(),
    });
    expect(app.wrapper.find('h1').text()).toBe('Your progress');
    expect(app.wrapper.text()).toContain('Days are counted in Europe/London');

    expect(text(app, '[data-testid="current-streak"]')).toBe('3 days');
    expect(app.wrapper.text()).toContain('Best: 6 days. Today counts already.');

    const stats = app.wrapper.findAll('dl > div').map((item) => item.text());
    expect(stats).toEqual([
      'Total study time12 h 25 min',
      'Completed sessions9',
      'Completion rate75%of 12 sessions',
      'Longest session1 h 30 min',
      'Goals met5of 8 check-ins, 2 partly',
    ]);

    const goal = app.wrapper.find('[role="progressbar"]');
    expect(goal.attributes()).toMatchObject({
      'aria-valuenow': '165',
      'aria-valuemin': '0',
      'aria-valuemax': '600',
      'aria-valuetext': '2 h 45 min of 10 hours',
    });
    expect(app.wrapper.text()).toContain('7 h 15 min to go.');

    const cards = app.wrapper.findAll('[data-achievement]');
    expect(cards.map((card) => card.attributes('data-achievement'))).toEqual([
      'firstSteps',
      'studyWarrior',
      'timeMaster',
      'streakMaster',
      'marathonRunner',
      'consistencyKing',
    ]);
    expect(cards[0]?.text()).toContain('Earned on Fri, 2 Oct 2026');
    expect(cards[1]?.text()).toContain('Not earned yet: 9 / 10 sessions');
    expect(cards[5]?.text()).toContain('12.4 / 20 h');

    // The chart gets every day of the window; a text alternative says what it shows.
    // happy-dom has no canvas, so what the chart is given is read from the chart component.
    const drawn: unknown[] = app.wrapper.findComponent(Bar).props('data').datasets[0]?.data ?? [];
    expect(drawn).toHaveLength(82);
    expect(drawn.slice(-3)).toEqual([90, 50, 25]);
    const figure = app.wrapper.find('figure [role="img"]');
    expect(figure.attributes('aria-label')).toContain('2 h 45 min over 3 days');
    expect(app.wrapper.find('figure table').text()).toContain('Wed, 25 Nov 2026');
    expect(app.wrapper.find('[aria-label="Sessions by outcome"]').text()).toContain('Ended early by you: 2');
  });

  it('celebrates a goal reached and a fresh start', async () => {
    const base = progressOverview();
    const app = await renderApp('/progress', {
      'auth.me': () => testUser,
      'progress.overview': () => ({
        ...base,
        streak: { current: 0, best: 6, lastStudyDay: '2026-11-20', studiedToday: false },
        weeklyGoal: { ...base.weeklyGoal, minutes: 640, progress: 1 },
      }),
    });
    expect(text(app, '[data-testid="current-streak"]')).toBe('0 days');
    expect(app.wrapper.text()).toContain('Study today to start a new streak.');
    expect(app.wrapper.text()).toContain('Goal reached — well done!');
  });

  it('says so when progress cannot be loaded, and tries again', async () => {
    let fail = true;
    const app = await renderApp('/progress', {
      'auth.me': () => testUser,
      'progress.overview': () => {
        if (fail) throw new FakeServerError('INTERNAL_SERVER_ERROR', 'db down');
        return progressOverview();
      },
    });
    expect(app.wrapper.find('[role="alert"]').text()).toContain("Your progress couldn't be loaded.");
    fail = false;
    await app.wrapper
      .findAll('button')
      .find((button) => button.text() === 'Try again')
      ?.trigger('click');
    await settle();
    expect(text(app, '[data-testid="current-streak"]')).toBe('3 days');
  });

  it('shows an earned achievement the moment it arrives, and refreshes progress', async () => {
    const app = await renderApp('/progress', {
      'auth.me': () => testUser,
      'progress.overview': () => progressOverview(),
      'notifications.unreadCount': () => 0,
      'notifications.list': () => ({ items: [], nextCursor: null, unreadCount: 0 }),
    });
    const before = app.callsTo('progress.overview').length;
    const notification = {
      id: `${testUser.id}:0000000007`,
      kind: 'achievementEarned',
      title: 'Achievement earned: Study Warrior',
      body: 'You have completed 10 study sessions.',
      assessmentId: null,
      stageIndex: null,
      createdAt: '2026-11-27T12:00:00.000Z',
      read: false,
    };
    app.sockets.emit('account.events', {
      id: notification.id,
      data: { type: 'notification', notification, unreadCount: 1 },
    });
    await settle();
    const toast = app.wrapper.find('[data-testid="achievement-toast"]');
    expect(toast.attributes('role')).toBe('status');
    expect(toast.text()).toContain('Achievement earned: Study Warrior');
    expect(toast.text()).toContain('You have completed 10 study sessions.');
    expect(app.callsTo('progress.overview').length).toBeGreaterThan(before);

    // Other notifications are the menu's business, not a celebration.
    await toast.find('button').trigger('click');
    app.sockets.emit('account.events', {
      id: `${testUser.id}:0000000008`,
      data: {
        type: 'notification',
        notification: {
          ...notification,
          id: `${testUser.id}:0000000008`,
          kind: 'stageStarts',
          title: 'Research starts today',
        },
        unreadCount: 2,
      },
    });
    await settle();
    expect(app.wrapper.find('[data-testid="achievement-toast"]').text()).toBe('');
  });
});

describe('the week rule', () => {
  it('states the leaderboard’s week with its bounds in the student’s own zone', async () => {
    const tokyo = { ...testUser, timeZone: 'Asia/Tokyo' };
    const app = await renderApp('/progress', {
      'auth.me': () => tokyo,
      'progress.overview': () => progressOverview({ timeZone: 'Asia/Tokyo' }),
    });
    const rule = text(app, '[data-testid="week-rule"]');
    expect(rule).toContain(WEEK_RULE);
    // Monday 00:00 UTC is 09:00 on Monday in Tokyo, not the browser's midnight.
    expect(rule).toContain(`This week: ${formatMoment('2026-11-23T00:00:00.000Z', 'Asia/Tokyo')} to`);
    expect(formatMoment('2026-11-23T00:00:00.000Z', 'Asia/Tokyo')).not.toBe(
      formatMoment('2026-11-23T00:00:00.000Z', 'UTC'),
    );
  });
});
