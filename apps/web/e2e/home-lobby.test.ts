import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, PHONE, screenshot, signUp } from './support/browser';
import { findPartner } from './support/study';

// Real minutes: sessions outlast the test.
const app = useApp();

it('shows the dashboard and who is around, and switches a search to a length someone waits for', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'light' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await Promise.all([signUp(ada), signUp(bo)]);

  // A fresh dashboard: study now, time against the goal, planner and notifications.
  for (const student of [ada, bo]) {
    const main = student.page.getByRole('main');
    await main.getByRole('heading', { name: 'Study now' }).waitFor();
    await main.getByTestId('week-minutes').getByText('0 min').waitFor();
    await main.getByText('No deadlines ahead.').waitFor();
    await main.getByText('Nothing unread.').waitFor();
  }
  await expectAccessible(ada.page, 'home dashboard (desktop, light)');
  await expectAccessible(bo.page, 'home dashboard (phone, dark)');
  await screenshot(ada.page, 'home-desktop-light');
  await screenshot(bo.page, 'home-phone-dark');

  // Ada waits for Deep Study; Bo, choosing, sees it, waits for Quick Focus, and is offered the switch.
  await findPartner(ada.page, 'Deep Study', 'Essay');
  await ada.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  await bo.page.goto('/study');
  const deep = bo.page.locator('label', { hasText: 'Deep Study' });
  await deep.getByText('1 waiting now', { exact: false }).waitFor({ timeout: 30_000 });
  await expectAccessible(bo.page, 'study, choosing with counts (phone, dark)');
  await bo.page.getByText('Quick Focus', { exact: true }).click();
  await bo.page.getByRole('button', { name: 'Find a partner' }).click();
  await bo.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  const offer = bo.page.getByTestId('switch-offer');
  await offer.getByText('Someone is waiting for Deep Study (50 minutes).').waitFor({ timeout: 30_000 });
  await expectAccessible(bo.page, 'study, waiting with a switch offer (phone, dark)');
  await offer.getByRole('button', { name: 'Switch to 50 minutes' }).click();

  // Paired at once, for 50 minutes; the tab title counts down.
  for (const student of [ada, bo]) {
    await student.page.getByRole('heading', { name: 'Deep Study · 50 minutes' }).waitFor();
    await expect.poll(() => student.page.title()).toMatch(/^(50:00|49:\d\d) left · Study · StudySync$/);
  }
  // In-app, from the logo: a reload would ask first (the session is running).
  await ada.page
    .getByRole('banner')
    .getByRole('link', { name: /StudySync/ })
    .first()
    .click();
  await ada.page.waitForURL('**/home');
  await ada.page
    .getByRole('main')
    .getByText(/Your session is running: \d+:\d\d left\./)
    .waitFor();
  await expectAccessible(ada.page, 'home with a session running (desktop, light)');

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});
