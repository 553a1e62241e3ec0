import { afterEach, describe, expect, it } from 'vitest';
import { trpcKeys } from '../lib/query';
import { FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

describe('signed-in shell', () => {
  it('greets the student and links every area from the main nav', async () => {
    const app = await renderApp('/home', { 'auth.me': () => testUser });
    expect(app.wrapper.find('h1').text()).toBe('Welcome, ada_l');
    const nav = app.wrapper.findAll('nav[aria-label="Main"]')[0];
    const links = nav?.findAll('a').map((a) => [a.text(), a.attributes('href')]);
    expect(links).toEqual([
      ['Study', '/study'],
      ['Rooms', '/rooms'],
      ['Planner', '/planner'],
      ['Progress', '/progress'],
      ['Leaderboard', '/leaderboard'],
    ]);
  });

  it('opens and closes the mobile menu, closing it on navigation', async () => {
    const app = await renderApp('/home', { 'auth.me': () => testUser });
    const menuButton = app.wrapper.findAll('button').find((b) => b.text() === 'Open menu');
    expect(menuButton?.attributes('aria-expanded')).toBe('false');
    await menuButton?.trigger('click');
    expect(menuButton?.attributes('aria-expanded')).toBe('true');
    const panel = app.wrapper.find(`#${menuButton?.attributes('aria-controls') ?? 'missing'}`);
    expect(panel.isVisible()).toBe(true);

    await panel
      .findAll('a')
      .find((a) => a.text() === 'Planner')
      ?.trigger('click');
    await settle();
    expect(app.router.currentRoute.value.path).toBe('/planner');
    expect(menuButton?.attributes('aria-expanded')).toBe('false');
    expect(panel.isVisible()).toBe(false);
  });

  it('signs out: ends the session, forgets the user and goes to the start page', async () => {
    const app = await renderApp('/home', { 'auth.me': () => testUser, 'auth.logout': () => ({ ok: true }) });
    const signOut = app.wrapper.findAll('button').find((b) => b.text() === 'Sign out');
    await signOut?.trigger('click');
    await settle();

    expect(app.callsTo('auth.logout')).toHaveLength(1);
    expect(app.router.currentRoute.value.path).toBe('/');
    expect(app.queryClient.getQueryData(trpcKeys.auth.me.queryKey())).toBeNull();
    expect(app.sessionChanges()).toBe(1);
    expect(app.wrapper.text()).toContain('Sign in');

    // And the shell is closed to them now.
    await app.router.push('/home');
    expect(app.router.currentRoute.value.fullPath).toBe('/signin?redirect=/home');
  });

  it('keeps the student signed in and says so when sign-out fails', async () => {
    const app = await renderApp('/home', {
      'auth.me': () => testUser,
      'auth.logout': () => {
        throw new FakeServerError('INTERNAL_SERVER_ERROR', 'db down');
      },
    });
    await app.wrapper
      .findAll('button')
      .find((b) => b.text() === 'Sign out')
      ?.trigger('click');
    await settle();
    expect(app.router.currentRoute.value.path).toBe('/home');
    expect(app.wrapper.text()).toContain("Couldn't sign out");
  });

  it('sends the student to sign in when the session expires', async () => {
    let signedIn = true;
    const app = await renderApp('/planner', { 'auth.me': () => (signedIn ? testUser : null) });
    signedIn = false;
    await app.queryClient.invalidateQueries(trpcKeys.auth.me.pathFilter());
    await settle();
    expect(app.router.currentRoute.value.fullPath).toBe('/signin?redirect=/planner');
  });

  it('listens on the personal event stream and leaves when signed out elsewhere', async () => {
    const app = await renderApp('/home', { 'auth.me': () => testUser });
    expect(app.sockets.connections()).toEqual(['ws://studysync.test/trpc']);
    expect(app.sockets.subscriptions('account.events')).toHaveLength(1);

    app.sockets.emit('account.events', { id: '', data: { type: 'hello', serverTime: '2025-01-01T12:00:00.000Z' } });
    await settle();
    expect(app.router.currentRoute.value.path).toBe('/home');

    app.sockets.emit('account.events', { id: '', data: { type: 'signedOut' } });
    await settle();
    expect(app.router.currentRoute.value.fullPath).toBe('/signin?redirect=/home');
    expect(app.sockets.subscriptions('account.events')).toHaveLength(0);
  });

  it('says "Reconnecting…" while the personal stream comes back, and resumes it from its last id', async () => {
    const app = await renderApp('/home', { 'auth.me': () => testUser });
    const banner = () => app.wrapper.find('[data-testid="events-reconnecting"]');
    app.sockets.emit('account.events', { id: 'n5', data: { type: 'hello', serverTime: '2025-01-01T12:00:00.000Z' } });
    await settle();
    expect(banner().exists()).toBe(false);

    app.sockets.end('account.events', { code: 'SERVICE_UNAVAILABLE', message: 'Server shutting down' });
    await expect.poll(() => banner().exists()).toBe(true);
    expect(banner().attributes('role')).toBe('status');
    await expect
      .poll(() => app.sockets.subscriptions('account.events').map((s) => s.input), { timeout: 3_000 })
      .toEqual([{ lastEventId: 'n5' }]);
    await expect.poll(() => banner().exists()).toBe(false);
    expect(app.router.currentRoute.value.path).toBe('/home');
  });
});
