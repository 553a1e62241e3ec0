import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectCleanConsole, navigate, openSettings, PHONE, signUp } from './support/browser';

const app = useApp();

it('saves settings that another browser of the same student then shows, and refuses a bad goal beside its field', async () => {
  const student = await app.open({ viewport: PHONE });
  await signUp(student);
  const { page } = student;
  await openSettings(page);
  await page.getByLabel('Time zone').selectOption('America/New_York');
  await page.getByLabel('Weekly goal (hours)').fill('12');
  await page.getByLabel('Show me on leaderboards').uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').getByText('Settings saved.').waitFor();

  const other = await app.open({ account: student.account });
  await other.page.goto('/signin');
  await other.page.getByLabel('Email or username').fill(student.account.username);
  await other.page.getByLabel('Password', { exact: true }).fill(student.account.password);
  await other.page.getByRole('button', { name: 'Sign in' }).click();
  await other.page.waitForURL('**/home');
  await openSettings(other.page);
  await expect.poll(() => other.page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
  expect(await other.page.getByLabel('Weekly goal (hours)').inputValue()).toBe('12');
  expect(await other.page.getByLabel('Show me on leaderboards').isChecked()).toBe(false);
  await navigate(other.page, 'Leaderboard');
  await other.page.getByTestId('my-row').getByText('hidden from leaderboards').waitFor();

  // Out of range: the field says so and keeps what was typed; nothing is saved.
  await openSettings(other.page);
  const goal = other.page.getByLabel('Weekly goal (hours)');
  await goal.fill('1000');
  await other.page.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => goal.getAttribute('aria-invalid')).toBe('true');
  expect(await goal.inputValue()).toBe('1000');
  await page.reload();
  await expect.poll(() => page.getByLabel('Weekly goal (hours)').inputValue()).toBe('12');

  expectCleanConsole(student);
  expectCleanConsole(other);
});
