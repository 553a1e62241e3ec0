import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectCleanConsole, PHONE, signIn, signUp } from './support/browser';

const app = useApp();

it('signs up, signs out, and signs in again in another browser, by username and by email', async () => {
  const first = await app.open();
  await signUp(first);
  await expect
    .poll(() => first.page.getByRole('heading', { level: 1 }).textContent())
    .toContain(first.account.username);

  // Signed-in pages need a sign-in; the guard brings a fresh browser to /signin and back.
  const other = await app.open({ viewport: PHONE, account: first.account });
  await other.page.goto('/progress');
  await other.page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('redirect') === '/progress');
  await other.page.getByLabel('Email or username').fill(first.account.email);
  await other.page.getByLabel('Password', { exact: true }).fill(first.account.password);
  await other.page.getByRole('button', { name: 'Sign in' }).click();
  await other.page.waitForURL('**/progress');

  // Sign out from the account menu; a signed-in page then sends back to sign in.
  await first.page.getByRole('button', { name: 'Account menu' }).click();
  await first.page.getByRole('button', { name: 'Sign out' }).click();
  await first.page.waitForURL((url) => url.pathname === '/');
  await first.page.goto('/home');
  await first.page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('redirect') === '/home');
  await signIn(first);

  expectCleanConsole(first);
  expectCleanConsole(other);
});

it('keeps what was typed and names the field when sign-up or sign-in is refused', async () => {
  const taken = await app.open();
  await signUp(taken);
  const student = await app.open();
  await student.page.goto('/signup');
  await student.page.getByLabel('Email').fill(`other_${taken.account.email}`);
  await student.page.getByLabel('Username').fill(taken.account.username);
  await student.page.getByLabel('Password', { exact: true }).fill(student.account.password);
  await student.page.getByRole('button', { name: 'Create account' }).click();
  const username = student.page.getByLabel('Username');
  await expect.poll(() => username.getAttribute('aria-invalid')).toBe('true');
  expect(await username.inputValue()).toBe(taken.account.username);
  expect(await student.page.getByLabel('Email').inputValue()).toBe(`other_${taken.account.email}`);

  await student.page.goto('/signin');
  await student.page.getByLabel('Email or username').fill(taken.account.username);
  await student.page.getByLabel('Password', { exact: true }).fill('not the password');
  await student.page.getByRole('button', { name: 'Sign in' }).click();
  await student.page.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
  expect(await student.page.getByLabel('Email or username').inputValue()).toBe(taken.account.username);
  expect(student.page.url()).toContain('/signin');

  expectCleanConsole(taken);
  expectCleanConsole(student);
});
