import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, PHONE, screenshot, signUp } from './support/browser';
import { findPartner } from './support/study';

// Real minutes, so the session outlasts the test.
const app = useApp({ SWEEP_INTERVAL_MS: '100' });

it('reports a partner message and blocks the partner: their messages leave the chat, the account lists them', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'light' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await Promise.all([signUp(ada), signUp(bo)]);
  await findPartner(ada.page, 'Quick Focus');
  await ada.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  await findPartner(bo.page, 'Quick Focus');
  for (const student of [ada, bo])
    await student.page.getByRole('heading', { name: 'Quick Focus · 25 minutes' }).waitFor();

  await bo.page.getByLabel('Message', { exact: true }).fill('Buy cheap followers at example.com');
  await bo.page.getByRole('button', { name: 'Send' }).click();
  const spam = ada.page.getByTestId('message').getByText('Buy cheap followers at example.com', { exact: true });
  await spam.waitFor();

  // The message's menu, from the keyboard: focus its button, open with Enter, pick with the arrows.
  const menuButton = ada.page.getByRole('button', {
    name: new RegExp(`^Actions for ${bo.account.username}'s message`),
  });
  await menuButton.focus();
  await ada.page.keyboard.press('Enter');
  await ada.page.getByRole('menuitem', { name: 'Report message' }).waitFor();
  await expect.poll(() => ada.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Report message');
  await ada.page.keyboard.press('Enter');
  const report = ada.page.getByRole('dialog', { name: `Report ${bo.account.username}'s message` });
  await report.waitFor();
  await report.getByRole('radio', { name: /Spam/ }).check();
  await expectAccessible(ada.page, 'study, report dialog (desktop, light)');
  await report.getByRole('button', { name: 'Send report' }).click();
  await report.getByRole('status').getByText('Thank you. Your report was sent', { exact: false }).waitFor();
  await screenshot(ada.page, 'safety-report-sent-desktop-light');
  await report.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => report.count()).toBe(0);
  const scrape = await (await fetch(`${app.server.metricsUrl}/metrics`)).text();
  expect(scrape).toContain('studysync_reports_total{reason="spam",kind="message"} 1');

  // Block from the partner card: the message leaves Ada's chat, and new ones never arrive.
  await ada.page.getByRole('button', { name: `Block ${bo.account.username}`, exact: true }).click();
  const block = ada.page.getByRole('dialog', { name: `Block ${bo.account.username}?` });
  await block.getByRole('button', { name: `Block ${bo.account.username}` }).click();
  await ada.page.getByTestId('safety-notice').getByText(`You blocked ${bo.account.username}.`).waitFor();
  await expect.poll(() => spam.count()).toBe(0);
  await bo.page.getByLabel('Message', { exact: true }).fill('Still there?');
  await bo.page.getByRole('button', { name: 'Send' }).click();
  await bo.page.getByTestId('message').getByText('Still there?', { exact: true }).waitFor();
  await ada.page.getByLabel('Message', { exact: true }).fill('Back to work');
  await ada.page.getByRole('button', { name: 'Send' }).click();
  // Ada's own later message arrives; Bo's, sent before it, does not.
  await bo.page.getByTestId('message').getByText('Back to work', { exact: true }).waitFor();
  await ada.page.getByTestId('message').getByText('Back to work', { exact: true }).waitFor();
  expect(await ada.page.getByTestId('message').allTextContents()).toEqual(['Back to work']);
  await expectAccessible(bo.page, 'study, active (phone, dark)');

  // A reload reads history: still hidden. The account page lists Bo, with Unblock.
  await ada.page.reload();
  await ada.page.getByRole('heading', { name: 'Quick Focus · 25 minutes' }).waitFor();
  await ada.page.getByTestId('message').getByText('Back to work', { exact: true }).waitFor();
  expect(await ada.page.getByTestId('message').allTextContents()).toEqual(['Back to work']);
  await ada.page.goto('/account');
  const blocked = ada.page.getByRole('region', { name: 'Blocked students' });
  await blocked.getByText(bo.account.username, { exact: true }).waitFor();
  await expectAccessible(ada.page, 'account, blocked students (desktop, light)');
  await blocked.getByRole('button', { name: `Unblock ${bo.account.username}` }).click();
  await blocked.getByText("You haven't blocked anyone.").waitFor();

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});
