import { afterEach, describe, expect, it } from 'vitest';
import { FakeNetworkError, FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

type Rendered = Awaited<ReturnType<typeof renderApp>>;

async function signIn(app: Rendered, identifier: string, password: string) {
  await app.wrapper.find('#signin-identifier').setValue(identifier);
  await app.wrapper.find('#signin-password').setValue(password);
  await app.wrapper.find('form').trigger('submit');
  await settle();
}

describe('sign-in page', () => {
  it('labels its fields', async () => {
    const app = await renderApp('/signin', { 'auth.me': () => null });
    expect(app.wrapper.find('label[for="signin-identifier"]').text()).toBe('Email or username');
    expect(app.wrapper.find('label[for="signin-password"]').text()).toBe('Password');
    expect(app.wrapper.find('button[type="submit"]').text()).toBe('Sign in');
  });

  it('shows wrong credentials as a form-level alert, not on a field', async () => {
    const app = await renderApp('/signin', {
      'auth.me': () => null,
      'auth.login': () => {
        throw new FakeServerError('UNAUTHORIZED', 'Wrong email/username or password');
      },
    });
    await signIn(app, 'ada_l', 'not my password');

    const alert = app.wrapper.find('[role="alert"]');
    expect(alert.text()).toBe('Wrong email/username or password');
    expect(app.wrapper.findAll('[aria-invalid="true"]')).toHaveLength(0);
    expect(alert.element.contains(document.activeElement)).toBe(true);
    expect(app.router.currentRoute.value.path).toBe('/signin');
    // The button is usable again.
    expect(app.wrapper.find('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });

  it('shows the throttling message', async () => {
    const app = await renderApp('/signin', {
      'auth.me': () => null,
      'auth.login': () => {
        throw new FakeServerError('TOO_MANY_REQUESTS', 'Too many sign-in attempts. Try again in 15 minutes.');
      },
    });
    await signIn(app, 'ada_l', 'guess number 11');
    expect(app.wrapper.find('[role="alert"]').text()).toBe('Too many sign-in attempts. Try again in 15 minutes.');
  });

  it('explains a network failure instead of showing a raw error', async () => {
    const app = await renderApp('/signin', {
      'auth.me': () => null,
      'auth.login': () => {
        throw new FakeNetworkError();
      },
    });
    await signIn(app, 'ada_l', 'correct horse');
    expect(app.wrapper.find('[role="alert"]').text()).toBe(
      "Can't reach StudySync right now. Check your connection and try again.",
    );
  });

  it('validates on the client before calling the API', async () => {
    const app = await renderApp('/signin', { 'auth.me': () => null, 'auth.login': () => testUser });
    await signIn(app, '   ', '');

    const identifier = app.wrapper.find('#signin-identifier');
    expect(identifier.attributes('aria-invalid')).toBe('true');
    expect(identifier.attributes('aria-describedby')).toBe('signin-identifier-error');
    expect(app.wrapper.find('#signin-identifier-error').text()).toBe('Enter your email or username');
    expect(app.wrapper.find('#signin-password-error').text()).toBe('Enter your password');
    expect(document.activeElement?.id).toBe('signin-identifier');
    expect(app.callsTo('auth.login')).toHaveLength(0);
  });

  it('signs in with the trimmed identifier and returns to the page that asked', async () => {
    const app = await renderApp('/planner', { 'auth.me': () => null, 'auth.login': () => testUser });
    expect(app.router.currentRoute.value.fullPath).toBe('/signin?redirect=/planner');

    await signIn(app, '  ada@example.com ', 'correct horse');
    expect(app.callsTo('auth.login').map((call) => call.input)).toEqual([
      { identifier: 'ada@example.com', password: 'correct horse' },
    ]);
    expect(app.router.currentRoute.value.path).toBe('/planner');
    expect(app.wrapper.text()).toContain('ada_l');
  });

  it('shows "Signing in…" on a disabled button while pending', async () => {
    let finish: (() => void) | undefined;
    const app = await renderApp('/signin', {
      'auth.me': () => null,
      'auth.login': () =>
        new Promise((resolve) => {
          finish = () => resolve(testUser);
        }),
    });
    await signIn(app, 'ada_l', 'correct horse');
    const button = app.wrapper.find('button[type="submit"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.text()).toBe('Signing in…');

    finish?.();
    await settle();
    expect(app.router.currentRoute.value.path).toBe('/home');
  });
});
