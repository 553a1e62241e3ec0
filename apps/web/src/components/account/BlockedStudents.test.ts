import { afterEach, describe, expect, it } from 'vitest';
import { testUser } from '../../test/fakeApi';
import { renderApp, settle, unmountAll } from '../../test/renderApp';

afterEach(unmountAll);

const section = (app: Awaited<ReturnType<typeof renderApp>>) =>
  app.wrapper.find('section[aria-labelledby="account-blocked-section-title"]');

describe('blocked students on the account page', () => {
  it('lists the students blocked and unblocks one, saying so', async () => {
    let blocked = [
      { userId: '65f0c0ffee000000000000b1', username: 'grace_h', blockedAt: '2026-11-30T10:00:00.000Z' },
      { userId: '65f0c0ffee000000000000b2', username: 'linus_t', blockedAt: '2026-11-29T10:00:00.000Z' },
    ];
    const app = await renderApp('/account', {
      'auth.me': () => testUser,
      'safety.blocked': () => blocked,
      'safety.unblock': ({ userId }) => {
        blocked = blocked.filter((student) => student.userId !== userId);
        return { ok: true as const };
      },
    });
    expect(section(app).find('h2').text()).toBe('Blocked students');
    expect(
      section(app)
        .findAll('li')
        .map((row) => row.text()),
    ).toEqual([expect.stringContaining('grace_h'), expect.stringContaining('linus_t')]);
    const unblock = section(app).find('button[aria-label="Unblock grace_h"]');
    expect(unblock.text()).toBe('Unblock');
    await unblock.trigger('click');
    await settle();
    expect(app.callsTo('safety.unblock').map((call) => call.input)).toEqual([{ userId: '65f0c0ffee000000000000b1' }]);
    expect(
      section(app)
        .findAll('li')
        .map((row) => row.text()),
    ).toEqual([expect.stringContaining('linus_t')]);
    expect(section(app).find('[role="status"]').text()).toBe('Unblocked grace_h.');
  });

  it('says when nobody is blocked', async () => {
    const app = await renderApp('/account', { 'auth.me': () => testUser, 'safety.blocked': () => [] });
    expect(section(app).text()).toContain("You haven't blocked anyone.");
  });
});
