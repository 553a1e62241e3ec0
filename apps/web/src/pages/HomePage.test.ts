import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment } from '../lib/planner/usePlanner';
import { testUser, type FakeHandlers } from '../test/fakeApi';
import { progressOverview } from '../test/progressFixtures';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { createStudyServer } from '../test/studyFixtures';

afterEach(unmountAll);

function assessment(name: string, dueDate: string, daysLeft: number, subtasks: string[] = []): Assessment {
  const list = subtasks.map((title, i) => ({
    id: `665f1c2b9d3e4a00bbbbbb${String(i).padStart(2, '0')}`,
    title,
    done: false,
    doneAt: null,
    createdAt: '2030-03-08T09:00:00.000Z',
  }));
  return {
    id: `665f1c2b9d3e4a00aaaaaa${String(daysLeft).padStart(2, '0')}`,
    name,
    timeZone: 'Europe/London',
    dueDate,
    today: '2026-11-27',
    daysLeft,
    progress: { done: 0, total: list.length, percent: 0 },
    stages: [
      {
        index: 0,
        key: 'research',
        name: 'Research',
        weight: 100,
        startDate: '2026-11-20',
        endDate: dueDate,
        days: 10,
        status: daysLeft >= 0 ? 'current' : 'past',
        complete: false,
        overdue: daysLeft < 0,
        progress: { done: 0, total: list.length, percent: 0 },
        subtasks: list,
      },
    ],
    calendarFeed: false,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
  };
}

function handlers(overrides: FakeHandlers = {}): FakeHandlers {
  return {
    'auth.me': () => testUser,
    ...createStudyServer().handlers,
    'progress.overview': () => progressOverview(),
    'planner.list': () => [
      assessment('Old report', '2026-11-20', -7),
      assessment('Chemistry lab', '2026-12-10', 13),
      assessment('History essay', '2026-11-30', 3, ['Find sources', 'Outline']),
    ],
    'notifications.unreadCount': () => 1,
    'notifications.list': () => ({
      items: [
        {
          id: `${testUser.id}:2`,
          kind: 'stageDueTomorrow',
          title: 'Research is due tomorrow',
          body: 'History essay',
          assessmentId: null,
          stageIndex: null,
          createdAt: '2026-11-27T08:00:00.000Z',
          read: false,
        },
      ],
      nextCursor: null,
      unreadCount: 1,
    }),
    'lobby.counts': () => ({
      studying: 4,
      waiting: [
        { minutes: 25, students: 0 },
        { minutes: 50, students: 1 },
        { minutes: 90, students: 0 },
      ],
    }),
    ...overrides,
  };
}

describe('home: the dashboard', () => {
  it('shows study now with who is around, time against the goal, the streak, deadlines, subtasks and unread', async () => {
    const app = await renderApp('/home', handlers());
    await settle();
    const text = (id: string) => app.wrapper.find(`[data-testid="${id}"]`).text();

    expect(text('studying-now')).toBe('4 students studying right now; someone is waiting for Deep Study (50 min).');
    expect(app.wrapper.find('main a[href="/study"]').text()).toBe('Find a partner');
    // Today's minutes come from the chart's today; the week from the weekly goal.
    expect(text('week-minutes')).toBe('2 h 45 min');
    expect(text('streak')).toBe('3 days');
    expect(app.wrapper.text()).toContain('28% of your weekly goal of 10 h');
    // Deadlines ahead, soonest first; past ones left out.
    expect(app.wrapper.findAll('[data-testid="deadlines"] li').map((li) => li.text())).toEqual([
      expect.stringContaining('History essay'),
      expect.stringContaining('Chemistry lab'),
    ]);
    expect(app.wrapper.findAll('[data-testid="todays-subtasks"] li').map((li) => li.text())).toEqual([
      'Find sources · History essay, Research',
      'Outline · History essay, Research',
    ]);
    expect(text('unread-count')).toBe('1 unread notification.');
    expect(app.wrapper.text()).toContain('Research is due tomorrow');
  });

  it('leads back to a running session instead of offering a new one', async () => {
    const study = createStudyServer({ status: 'active' });
    const app = await renderApp('/home', handlers(study.handlers));
    await settle();
    expect(app.wrapper.text()).toMatch(/Your session is running: 2[45]:\d\d left\./);
    expect(app.wrapper.find('main a[href="/study"]').text()).toBe('Back to the session');
  });
});
