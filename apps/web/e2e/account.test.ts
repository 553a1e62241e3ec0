import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, PHONE, screenshot, signIn, signUp } from './support/browser';

const app = useApp();

/** Opens a page of the account menu (desktop) or the menu panel (phone). */
async function openFromMenu(page: Page, name: 'Account' | 'Session history', path: string): Promise<void> {
  const phone = (page.viewportSize()?.width ?? DESKTOP.width) < 768;
  await page.getByRole('button', { name: phone ? 'Open menu' : 'Account menu' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

it('changes names and password with errors beside the fields, signs out everywhere, and deletes the account', async () => {
  const other = await app.open();
  await signUp(other);
  const student = await app.open({ viewport: PHONE });
  await signUp(student);
  const { page } = student;
  const secondBrowser = await app.open({ account: student.account });
  await signIn(secondBrowser);

  await openFromMenu(page, 'Account', '/account');
  await page.getByRole('heading', { name: 'Delete account' }).waitFor();
  await expectAccessible(page, 'account, 390 px, light');
  await screenshot(page, 'account-phone-light');

  // A taken username: said beside the field, and what was typed stays.
  const username = page.getByRole('textbox', { name: 'Username' });
  await username.fill(other.account.username);
  await page.getByRole('button', { name: 'Change username' }).click();
  await expect.poll(() => username.getAttribute('aria-invalid')).toBe('true');
  await page.getByText('That username is taken').waitFor();
  expect(await username.inputValue()).toBe(other.account.username);
  await expectAccessible(page, 'account with a field error, 390 px');

  // The password: the current one is checked, then the new one saved.
  const current = page.locator('#account-current-password');
  const fresh = page.getByLabel('New password');
  await current.fill('not my password');
  await fresh.fill('quiet lantern orchard 42');
  await page.getByRole('button', { name: 'Change password' }).click();
  // The server checks the password (scrypt) before it answers.
  await page.getByText('That is not your current password').waitFor();
  await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
  expect(await fresh.inputValue()).toBe('quiet lantern orchard 42');
  await current.fill(student.account.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed. Your other sign-ins have ended.').waitFor();
  student.account.password = 'quiet lantern orchard 42';

  // The other browser was signed out by the change: its next page asks to sign in.
  await secondBrowser.page.goto('/account');
  await secondBrowser.page.waitForURL('**/signin**');
  await signIn(secondBrowser);

  // Everywhere: this browser and the other one.
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL('**/signin');
  await secondBrowser.page.goto('/history');
  await secondBrowser.page.waitForURL('**/signin**');

  // Deleting needs the password and the words typed; then the account is gone.
  await signIn(student);
  await page.goto('/account');
  await page.locator('#account-delete-password').fill(student.account.password);
  await page.getByLabel('Type “delete my account” to confirm').fill('delete');
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await page.getByText('Type "delete my account" to confirm').waitFor();
  await page.getByLabel('Type “delete my account” to confirm').fill('delete my account');
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  // Signed out: the page leaves for home, or for sign-in when the stream's "signed out" comes first.
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/signin');
  await page.goto('/signin');
  await page.getByLabel('Email or username').fill(student.account.username);
  await page.getByLabel('Password', { exact: true }).fill(student.account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Wrong email/username or password').waitFor();

  expectCleanConsole(student);
  expectCleanConsole(secondBrowser);
  expectCleanConsole(other);
});

it('shows the account and history pages accessibly on a desktop, and the app is installable', async () => {
  const student = await app.open();
  await signUp(student);
  const { page } = student;
  await openFromMenu(page, 'Session history', '/history');
  await page.getByText('No sessions yet').waitFor();
  await expectAccessible(page, 'history, desktop, light');
  await openFromMenu(page, 'Account', '/account');
  await page.getByRole('heading', { name: 'Delete account' }).waitFor();
  await expectAccessible(page, 'account, desktop, light');
  await screenshot(page, 'account-desktop-light');

  // Installable: the page names its manifest (its files are checked by the server's tests).
  const manifest = await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'));
  expect(manifest).toBe('/manifest.webmanifest');
  expectCleanConsole(student);
});
