import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DOMWrapper } from '@vue/test-utils';
import { FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

type Rendered = Awaited<ReturnType<typeof renderApp>>;

async function fillAndSubmit(app: Rendered, values: { email: string; username: string; password: string }) {
  await app.wrapper.find('#signup-email').setValue(values.email);
  await app.wrapper.find('#signup-username').setValue(values.username);
  await app.wrapper.find('#signup-password').setValue(values.password);
  await app.wrapper.find('form').trigger('submit');
  await settle();
}

/** The error text a control points at through aria-describedby (null when valid). */
function describedError(app: Rendered, control: DOMWrapper<Element>): string | null {
  if (control.attributes('aria-invalid') !== 'true') return null;
  const ids = (control.attributes('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return app.wrapper.find(`#${ids[0]}`).text();
}

describe('sign-up page', () => {
  it('shows client-side errors beside each field and does not call the API', async () => {
    const app = await renderApp('/signup', { 'auth.me': () => null, 'auth.signup': () => testUser });
    await fillAndSubmit(app, { email: 'not-an-email', username: 'a!', password: 'short' });

    expect(describedError(app, app.wrapper.find('#signup-email'))).toBe('Enter a valid email address');
    expect(describedError(app, app.wrapper.find('#signup-username'))).toBe('Username must be at least 3 characters');
    expect(describedError(app, app.wrapper.find('#signup-password'))).toBe('Password must be at least 8 characters');
    expect(app.callsTo('auth.signup')).toHaveLength(0);
    expect(document.activeElement?.id).toBe('signup-email');
    expect(app.router.currentRoute.value.path).toBe('/signup');
  });

  it('clears a field error once the field is edited', async () => {
    const app = await renderApp('/signup', { 'auth.me': () => null });
    await fillAndSubmit(app, { email: 'ada@example.com', username: 'no spaces', password: 'long enough' });
    const username = app.wrapper.find('#signup-username');
    expect(describedError(app, username)).toBe('Use only letters, digits and underscores');
    expect(document.activeElement?.id).toBe('signup-username');

    await username.setValue('no_spaces');
    expect(username.attributes('aria-invalid')).toBeUndefined();
    expect(app.wrapper.find('#signup-username-error').exists()).toBe(false);
  });

  it('shows a server conflict beside the field it is about', async () => {
    const app = await renderApp('/signup', {
      'auth.me': () => null,
      'auth.signup': () => {
        throw new FakeServerError('CONFLICT', 'That username is taken', { username: ['That username is taken'] });
      },
    });
    await fillAndSubmit(app, { email: 'ada@example.com', username: 'ada_l', password: 'correct horse' });

    expect(app.callsTo('auth.signup')).toHaveLength(1);
    expect(describedError(app, app.wrapper.find('#signup-username'))).toBe('That username is taken');
    expect(app.wrapper.find('#signup-email').attributes('aria-invalid')).toBeUndefined();
    expect(app.wrapper.find('[role="alert"]').text()).toBe('');
    expect(document.activeElement?.id).toBe('signup-username');
    expect(app.router.currentRoute.value.path).toBe('/signup');
  });

  it('sends trimmed values with the browser time zone, then goes home signed in', async () => {
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
      ...new Intl.DateTimeFormat().resolvedOptions(),
      timeZone: 'America/Toronto',
    });
    const app = await renderApp('/signup', {
      'auth.me': () => null,
      'auth.signup': (input) => ({ ...testUser, email: input.email, username: input.username }),
    });
    await fillAndSubmit(app, { email: '  grace@example.com ', username: ' grace_h  ', password: ' spaces count ' });

    expect(app.callsTo('auth.signup').map((call) => call.input)).toEqual([
      { email: 'grace@example.com', username: 'grace_h', password: ' spaces count ', timeZone: 'America/Toronto' },
    ]);
    expect(app.router.currentRoute.value.path).toBe('/home');
    expect(app.wrapper.find('h1').text()).toBe('Welcome, grace_h');
    // The new session was taken from the signup answer, not asked for again.
    expect(app.callsTo('auth.me')).toHaveLength(1);
    expect(app.sessionChanges()).toBe(1);
  });

  it('goes to the redirect target after signing up', async () => {
    const app = await renderApp('/signup?redirect=/leaderboard', {
      'auth.me': () => null,
      'auth.signup': () => testUser,
    });
    await fillAndSubmit(app, { email: 'ada@example.com', username: 'ada_l', password: 'correct horse' });
    expect(app.router.currentRoute.value.path).toBe('/leaderboard');
  });

  it('disables the button while the account is being created', async () => {
    let finish: (() => void) | undefined;
    const app = await renderApp('/signup', {
      'auth.me': () => null,
      'auth.signup': () =>
        new Promise((resolve) => {
          finish = () => resolve(testUser);
        }),
    });
    await fillAndSubmit(app, { email: 'ada@example.com', username: 'ada_l', password: 'correct horse' });

    const button = app.wrapper.find('button[type="submit"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.text()).toBe('Creating account…');
    await app.wrapper.find('form').trigger('submit');
    expect(app.callsTo('auth.signup')).toHaveLength(1);

    finish?.();
    await settle();
    expect(app.router.currentRoute.value.path).toBe('/home');
  });
});
