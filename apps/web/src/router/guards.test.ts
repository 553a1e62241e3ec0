import { afterEach, describe, expect, it } from 'vitest';
import { FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, unmountAll } from '../test/renderApp';
import { safeRedirect } from './navigation';

afterEach(unmountAll);

describe('route guards', () => {
  it('sends signed-out visitors of shell pages to sign in, remembering where they were going', async () => {
    const { router, wrapper } = await renderApp('/planner?tab=week', { 'auth.me': () => null });
    expect(router.currentRoute.value.path).toBe('/signin');
    expect(router.currentRoute.value.query.redirect).toBe('/planner?tab=week');
    expect(wrapper.find('h1').text()).toBe('Welcome back');
  });

  it('treats an unreachable API as signed out for shell pages', async () => {
    const { router } = await renderApp('/home', {
      'auth.me': () => {
        throw new FakeServerError('INTERNAL_SERVER_ERROR', 'boom');
      },
    });
    expect(router.currentRoute.value.fullPath).toBe('/signin?redirect=/home');
  });

  it('lets signed-in students into the shell', async () => {
    const { router, wrapper } = await renderApp('/home', { 'auth.me': () => testUser });
    expect(router.currentRoute.value.path).toBe('/home');
    expect(wrapper.find('h1').text()).toBe('Welcome, ada_l');
  });

  it.each(['/signin', '/signup'])('sends signed-in students from %s to /home', async (path) => {
    const { router } = await renderApp(path, { 'auth.me': () => testUser });
    expect(router.currentRoute.value.path).toBe('/home');
  });

  it('follows a same-site redirect for signed-in students but never an off-site one', async () => {
    const first = await renderApp('/signin?redirect=/progress', { 'auth.me': () => testUser });
    expect(first.router.currentRoute.value.path).toBe('/progress');
    unmountAll();
    const second = await renderApp('/signin?redirect=//evil.example/phish', { 'auth.me': () => testUser });
    expect(second.router.currentRoute.value.path).toBe('/home');
  });

  it('shows the landing page to everyone', async () => {
    const signedOut = await renderApp('/', { 'auth.me': () => null });
    expect(signedOut.router.currentRoute.value.path).toBe('/');
    expect(signedOut.wrapper.text()).toContain('Create your account');
    unmountAll();
    const signedIn = await renderApp('/', { 'auth.me': () => testUser });
    expect(signedIn.router.currentRoute.value.path).toBe('/');
    expect(signedIn.wrapper.text()).toContain('Go to your dashboard');
  });

  it('asks the API only once while the session is fresh', async () => {
    const { router, callsTo } = await renderApp('/home', { 'auth.me': () => testUser });
    await router.push('/planner');
    await router.push('/home');
    expect(callsTo('auth.me')).toHaveLength(1);
  });
});

describe('safeRedirect', () => {
  it('accepts same-site paths only', () => {
    expect(safeRedirect('/planner?x=1')).toBe('/planner?x=1');
    expect(safeRedirect('//evil.example')).toBeNull();
    expect(safeRedirect('/\\evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect(['/home'])).toBeNull();
    expect(safeRedirect(undefined)).toBeNull();
  });
});
