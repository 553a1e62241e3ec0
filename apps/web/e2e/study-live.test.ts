import { COUNTED_RULE } from '@studysync/validators';
import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, PHONE, screenshot, signUp } from './support/browser';
import { findPartner, presenceOf } from './support/study';

// Real minutes, so the session outlasts the test; a partner who is gone half a second is "disconnected".
const app = useApp({ PRESENCE_GRACE_MS: '500', SWEEP_INTERVAL_MS: '100' });

it('pairs two students who chat, see typing and presence, leave and come back, and end early', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'light' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await Promise.all([signUp(ada), signUp(bo)]);

  await findPartner(ada.page, 'Deep Study', 'Essay outline');
  await ada.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  await expectAccessible(ada.page, 'study, waiting (desktop, light)');
  await findPartner(bo.page, 'Deep Study', 'Lab report');

  for (const student of [ada, bo]) {
    await student.page.getByRole('heading', { name: 'Deep Study · 50 minutes' }).waitFor();
    await expect.poll(() => presenceOf(student.page).textContent()).toContain('Online');
  }
  expect(await ada.page.getByText('Working on:').locator('..').textContent()).toContain('Lab report');

  // Typing shows on the other side, then the message; and back.
  const adaInput = ada.page.getByLabel('Message', { exact: true });
  await adaInput.pressSequentially('Hi Bo', { delay: 20 });
  await bo.page.getByTestId('typing').getByText(`${ada.account.username} is typing…`).waitFor();
  await adaInput.press('Enter');
  await bo.page.getByTestId('message').getByText('Hi Bo', { exact: true }).waitFor();
  await bo.page.getByLabel('Message', { exact: true }).fill('Hi Ada, starting now');
  await bo.page.getByRole('button', { name: 'Send' }).click();
  await ada.page.getByTestId('message').getByText('Hi Ada, starting now', { exact: true }).waitFor();

  await expectAccessible(ada.page, 'study, active (desktop, light)');
  await expectAccessible(bo.page, 'study, active (phone, dark)');
  await screenshot(ada.page, 'study-active-desktop-light');
  await screenshot(bo.page, 'study-active-phone-dark');

  // Bo closes the page: Ada sees them leave, then gone past the grace period, then back.
  await bo.page.close();
  await expect.poll(() => presenceOf(ada.page).textContent()).toMatch(/Left the room|Disconnected/);
  await expect.poll(() => presenceOf(ada.page).textContent()).toContain('Disconnected');
  bo.page = await bo.newPage();
  await bo.page.goto('/study');
  await bo.page.getByRole('heading', { name: 'Deep Study · 50 minutes' }).waitFor();
  await bo.page.getByTestId('message').getByText('Hi Bo', { exact: true }).waitFor();
  await expect.poll(() => presenceOf(ada.page).textContent()).toMatch(/Back|Online/);

  // Ada ends early; both see who ended it.
  await ada.page.getByRole('button', { name: 'End early' }).click();
  const dialog = ada.page.getByRole('dialog', { name: 'End the session early?' });
  await dialog.waitFor();
  // The 5-minute rule, in the same words here and on the summary.
  await dialog.getByText(COUNTED_RULE).waitFor();
  await expectAccessible(ada.page, 'study, end-early dialog (desktop, light)');
  await dialog.getByRole('button', { name: 'End session' }).click();
  await ada.page.getByRole('heading', { name: 'You ended the session early' }).waitFor();
  await ada.page.getByText(COUNTED_RULE).waitFor();
  await bo.page.getByRole('heading', { name: `${ada.account.username} ended the session early` }).waitFor();
  await expectAccessible(bo.page, 'study, ended by partner (phone, dark)');

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});
