import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationItem } from '../../lib/notifications';
import { testUser } from '../../test/fakeApi';
import { renderApp, settle, unmountAll } from '../../test/renderApp';

afterEach(unmountAll);

const reminder = (seq: number, read = false): NotificationItem => ({
  id: `${testUser.id}:${String(seq).padStart(10, '0')}`,
  kind: 'stageStarts',
  title: `Reminder ${seq}`,
  body: 'History essay: Research, reading and note-taking, Wed 6 Mar to Tue 12 Mar.',
  assessmentId: '665f1c2b9d3e4a00aaaaaaaa',
  stageIndex: 1,
  createdAt: '2030-03-06T08:00:00.000Z',
  read,
});

describe('notifications menu', () => {
  it('shows the unread count and updates it live from the personal event stream', async () => {
    let unread = 1;
    const app = await renderApp('/home', {
      'auth.me': () => testUser,
      'notifications.unreadCount': () => unread,
      'notifications.list': () => ({ items: [reminder(1)], nextCursor: null, unreadCount: unread }),
      'notifications.markAllRead': () => {
        unread = 0;
        return { ok: true };
      },
    });
    const button = app.wrapper.find('[data-testid="notifications-button"]');
    expect(button.attributes('aria-label')).toBe('Notifications, 1 unread');
    expect(app.wrapper.find('[data-testid="unread-badge"]').text()).toBe('1');

    unread = 2;
    const event = { type: 'notification', notification: reminder(2), unreadCount: 2 };
    app.sockets.emit('account.events', { id: reminder(2).id, data: event });
    await settle();
    expect(button.attributes('aria-label')).toBe('Notifications, 2 unread');
    expect(app.wrapper.find('[aria-live="polite"]').text()).toBe('New notification: Reminder 2');

    await button.trigger('click');
    expect(button.attributes('aria-expanded')).toBe('true');
    const items = app.wrapper.findAll('li[data-read]');
    expect(items.map((item) => item.find('p').text())).toEqual(['Unread: Reminder 2', 'Unread: Reminder 1']);

    // Read elsewhere (another tab): the count follows.
    app.sockets.emit('account.events', { id: reminder(2).id, data: { type: 'notificationsChanged', unreadCount: 0 } });
    await settle();
    expect(button.attributes('aria-label')).toBe('Notifications');
    expect(app.wrapper.find('[data-testid="unread-badge"]').exists()).toBe(false);
  });

  it('opening the bell marks what it shows as read; they look new until it closes', async () => {
    let unread = 3;
    const app = await renderApp('/home', {
      'auth.me': () => testUser,
      'notifications.unreadCount': () => unread,
      'notifications.list': () => ({
        items: [reminder(3, unread === 0), reminder(2, unread === 0), reminder(1, unread === 0)],
        nextCursor: null,
        unreadCount: unread,
      }),
      'notifications.markAllRead': () => {
        unread = 0;
        return { ok: true };
      },
    });
    const button = app.wrapper.find('[data-testid="notifications-button"]');
    expect(button.attributes('aria-label')).toBe('Notifications, 3 unread');
    await button.trigger('click');
    await settle();
    // Everything unread was shown: one "all read" write, and the count follows.
    expect(app.callsTo('notifications.markAllRead')).toHaveLength(1);
    expect(button.attributes('aria-label')).toBe('Notifications');
    const shown = app.wrapper.findAll('li[data-read]');
    expect(shown.map((item) => item.find('p').text())).toEqual([
      'Unread: Reminder 3',
      'Unread: Reminder 2',
      'Unread: Reminder 1',
    ]);

    await app.wrapper.find('section[aria-labelledby]').trigger('keydown', { key: 'Escape' });
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button.element);

    await button.trigger('click');
    await settle();
    expect(app.wrapper.findAll('li[data-read="true"]')).toHaveLength(3);
    expect(app.callsTo('notifications.markAllRead')).toHaveLength(1);
  });

  it('marks only the shown ones when more are unread than the panel shows', async () => {
    const app = await renderApp('/home', {
      'auth.me': () => testUser,
      'notifications.unreadCount': () => 25,
      'notifications.list': () => ({ items: [reminder(25), reminder(24, true)], nextCursor: '24', unreadCount: 25 }),
      'notifications.markRead': () => ({ ok: true }),
    });
    await app.wrapper.find('[data-testid="notifications-button"]').trigger('click');
    await settle();
    expect(app.callsTo('notifications.markRead').map((call) => call.input)).toEqual([{ id: reminder(25).id }]);
    expect(app.callsTo('notifications.markAllRead')).toHaveLength(0);
  });
});
