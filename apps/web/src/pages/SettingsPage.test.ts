import { afterEach, describe, expect, it } from 'vitest';
import { trpcKeys } from '../lib/query';
import { FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

type Rendered = Awaited<ReturnType<typeof renderApp>>;
const zone = (app: Rendered) => app.wrapper.find<HTMLSelectElement>('#settings-time-zone');
const goal = (app: Rendered) => app.wrapper.find<HTMLInputElement>('#settings-weekly-goal');
const visible = (app: Rendered) => app.wrapper.find<HTMLInputElement>('#settings-show-on-leaderboard');

async function save(app: Rendered) {
  await app.wrapper.find('form').trigger('submit');
  await settle();
}

describe('settings page', () => {
  it('starts from the saved settings, with labels and hints', async () => {
    const app = await renderApp('/settings', { 'auth.me': () => ({ ...testUser, weeklyGoalHours: 12 }) });
    expect(app.wrapper.find('h1').text()).toBe('Settings');
    expect(zone(app).element.value).toBe('Europe/London');
    expect(zone(app).findAll('option').length).toBeGreaterThan(300);
    expect(goal(app).element.value).toBe('12');
    expect(visible(app).element.checked).toBe(true);
    expect(app.wrapper.find('label[for="settings-weekly-goal"]').text()).toBe('Weekly goal (hours)');
    expect(goal(app).attributes('aria-describedby')).toBe('settings-weekly-goal-hint');
    expect(app.wrapper.find('label[for="settings-show-on-leaderboard"]').text()).toBe('Show me on leaderboards');
  });

  it('narrows the time zones by search, and shows old names under their current one', async () => {
    const app = await renderApp('/settings', { 'auth.me': () => ({ ...testUser, timeZone: 'Asia/Calcutta' }) });
    expect(zone(app).element.value).toBe('Asia/Kolkata');
    const names = zone(app)
      .findAll('option')
      .map((option) => option.attributes('value'));
    expect(names).not.toContain('Asia/Calcutta');
    expect(names).toContain('Asia/Kolkata');
    expect(names).toContain('Europe/Kyiv');
    expect(app.wrapper.find('label[for="settings-time-zone-search"]').text()).toBe(
      'Search by city, country or zone name',
    );
    await app.wrapper.find('#settings-time-zone-search').setValue('tokyo');
    expect(zone(app).element.value).toBe('Asia/Tokyo');
    expect(zone(app).findAll('option').length).toBeLessThan(5);
  });

  it('offers this device’s time zone when the saved one differs', async () => {
    const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const app = await renderApp('/settings', { 'auth.me': () => ({ ...testUser, timeZone: 'Pacific/Chatham' }) });
    const button = app.wrapper.findAll('button').find((b) => b.text().startsWith("Use this device's time zone"));
    expect(button?.text()).toBe(`Use this device's time zone (${device.replaceAll('_', ' ')})`);
    await button?.trigger('click');
    expect(zone(app).element.value).toBe(device);
  });

  it('saves all three and keeps the new settings', async () => {
    const app = await renderApp('/settings', {
      'auth.me': () => testUser,
      'account.updateSettings': (input) => ({
        ...testUser,
        timeZone: input.timeZone ?? testUser.timeZone,
        weeklyGoalHours: input.weeklyGoalHours ?? testUser.weeklyGoalHours,
        showOnLeaderboard: input.showOnLeaderboard ?? testUser.showOnLeaderboard,
      }),
    });
    await zone(app).setValue('Asia/Tokyo');
    await goal(app).setValue('25');
    await visible(app).setValue(false);
    await save(app);
    expect(app.callsTo('account.updateSettings').map((call) => call.input)).toEqual([
      { timeZone: 'Asia/Tokyo', weeklyGoalHours: 25, showOnLeaderboard: false },
    ]);
    expect(app.wrapper.find('p[role="status"]').text()).toBe('Settings saved.');
    expect(app.queryClient.getQueryData(trpcKeys.auth.me.queryKey())).toMatchObject({
      timeZone: 'Asia/Tokyo',
      weeklyGoalHours: 25,
      showOnLeaderboard: false,
    });
  });

  it('checks the goal before sending, and focuses the field', async () => {
    const app = await renderApp('/settings', { 'auth.me': () => testUser, 'account.updateSettings': () => testUser });
    for (const bad of ['0', '81', '2.5', '']) {
      await goal(app).setValue(bad);
      await save(app);
      expect(goal(app).attributes('aria-invalid')).toBe('true');
      expect(app.wrapper.find('#settings-weekly-goal-error').text()).toBe(
        'Choose a whole number of hours from 1 to 80',
      );
      expect(document.activeElement?.id).toBe('settings-weekly-goal');
    }
    expect(app.callsTo('account.updateSettings')).toHaveLength(0);
    // Typing clears the message.
    await goal(app).setValue('8');
    expect(goal(app).attributes('aria-invalid')).toBeUndefined();
  });

  it('shows what the server refused beside the field, and other failures above the form', async () => {
    let failure = new FakeServerError('BAD_REQUEST', 'Invalid input', { timeZone: ['Unknown time zone'] });
    const app = await renderApp('/settings', {
      'auth.me': () => testUser,
      'account.updateSettings': () => {
        throw failure;
      },
    });
    await save(app);
    expect(app.wrapper.find('#settings-time-zone-error').text()).toBe('Unknown time zone');
    expect(zone(app).attributes('aria-invalid')).toBe('true');

    failure = new FakeServerError('INTERNAL_SERVER_ERROR', 'db down');
    await save(app);
    expect(app.wrapper.find('[role="alert"]').text()).toBe('Something went wrong. Please try again.');
    expect(app.wrapper.find('p[role="status"]').text()).toBe('');
  });
});
