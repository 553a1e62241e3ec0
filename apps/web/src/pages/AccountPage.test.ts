import { afterEach, describe, expect, it } from 'vitest';
import { trpcKeys } from '../lib/query';
import { FakeServerError, testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

type Rendered = Awaited<ReturnType<typeof renderApp>>;
const input = (app: Rendered, id: string) => app.wrapper.find<HTMLInputElement>(`#${id}`);
const formOf = (app: Rendered, id: string) => app.wrapper.find(`#${id}`).element.closest('form');

async function submit(app: Rendered, fieldId: string) {
  const form = formOf(app, fieldId);
  form?.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
}

describe('account page', () => {
  it('has a labelled form per change, starting from the current names', async () => {
    const app = await renderApp('/account', { 'auth.me': () => testUser });
    expect(app.wrapper.find('h1').text()).toBe('Account');
    expect(input(app, 'account-username').element.value).toBe(testUser.username);
    expect(input(app, 'account-email').element.value).toBe(testUser.email);
    for (const id of ['account-username', 'account-email', 'account-current-password', 'account-new-password']) {
      expect(app.wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    }
    expect(app.wrapper.findAll('main section h2').map((h) => h.text())).toEqual([
      'Username',
      'Email',
      'Password',
      'Sign out everywhere',
      'Blocked students',
      'Your data',
      'Delete account',
    ]);
  });

  it('shows a taken username beside the field and keeps what was typed', async () => {
    const app = await renderApp('/account', {
      'auth.me': () => testUser,
      'account.changeUsername': () => {
        throw new FakeServerError('CONFLICT', 'That username is taken', { username: ['That username is taken'] });
      },
    });
    await input(app, 'account-username').setValue('someone_else');
    await submit(app, 'account-username');
    expect(app.callsTo('account.changeUsername').map((call) => call.input)).toEqual([{ username: 'someone_else' }]);
    expect(app.wrapper.find('#account-username-error').text()).toBe('That username is taken');
    expect(input(app, 'account-username').attributes('aria-invalid')).toBe('true');
    expect(input(app, 'account-username').element.value).toBe('someone_else');
    expect(document.activeElement?.id).toBe('account-username');
  });

  it('changes the email with the current password, and the session follows', async () => {
    const app = await renderApp('/account', {
      'auth.me': () => testUser,
      'account.changeEmail': (change) => ({ ...testUser, email: change.email }),
    });
    await input(app, 'account-email').setValue('new@example.com');
    await submit(app, 'account-email');
    // Checked in the browser first: no password, no call.
    expect(app.wrapper.find('#account-email-password-error').text()).toBe('Enter your current password');
    expect(app.callsTo('account.changeEmail')).toHaveLength(0);
    await input(app, 'account-email-password').setValue('correct horse battery');
    await submit(app, 'account-email');
    expect(app.callsTo('account.changeEmail').map((call) => call.input)).toEqual([
      { email: 'new@example.com', currentPassword: 'correct horse battery' },
    ]);
    expect(app.queryClient.getQueryData(trpcKeys.auth.me.queryKey())?.email).toBe('new@example.com');
    expect(input(app, 'account-email-password').element.value).toBe('');
  });

  it('shows a wrong current password beside it when changing the password', async () => {
    const app = await renderApp('/account', {
      'auth.me': () => testUser,
      'account.changePassword': () => {
        throw new FakeServerError('BAD_REQUEST', 'That is not your current password', {
          currentPassword: ['That is not your current password'],
        });
      },
    });
    await input(app, 'account-current-password').setValue('nope nope');
    await input(app, 'account-new-password').setValue('plum kettle arch violin');
    await submit(app, 'account-current-password');
    expect(app.wrapper.find('#account-current-password-error').text()).toBe('That is not your current password');
    expect(input(app, 'account-current-password').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('account-current-password');
    expect(input(app, 'account-new-password').element.value).toBe('plum kettle arch violin');
  });

  it('deletes only after the password and the typed words, then leaves the signed-in pages', async () => {
    let deleted = false;
    const app = await renderApp('/account', {
      'auth.me': () => (deleted ? null : testUser),
      'account.delete': () => {
        deleted = true;
        return { ok: true };
      },
    });
    await input(app, 'account-delete-password').setValue('correct horse battery');
    await input(app, 'account-delete-confirmation').setValue('delete it');
    await submit(app, 'account-delete-password');
    expect(app.wrapper.find('#account-delete-confirmation-error').text()).toBe('Type "delete my account" to confirm');
    expect(app.callsTo('account.delete')).toHaveLength(0);
    await input(app, 'account-delete-confirmation').setValue('delete my account');
    await submit(app, 'account-delete-password');
    expect(app.callsTo('account.delete')).toHaveLength(1);
    expect(app.router.currentRoute.value.path).toBe('/');
  });
});
