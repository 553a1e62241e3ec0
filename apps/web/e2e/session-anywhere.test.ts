import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, navigate, PHONE, signUp } from './support/browser';
import { findPartner } from './support/study';

// A study minute lasts 600 ms: a 25-minute session is 15 s, time to visit other pages meanwhile.
// A student gone 300 ms would be "disconnected", so visiting a page must not close the session.
const app = useApp({ STUDY_MINUTE_MS: '600', PRESENCE_GRACE_MS: '300', SWEEP_INTERVAL_MS: '100' });

it('keeps the session while the student visits other pages: a bar leads back, the end and the check-in reach them', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'light' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await Promise.all([signUp(ada), signUp(bo)]);

  await findPartner(ada.page, 'Quick Focus', 'Chapter 4');
  await ada.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  // Waiting follows the student too.
  await navigate(ada.page, 'Planner');
  const adaBar = ada.page.getByTestId('session-bar');
  await adaBar.getByText('Looking for a partner').waitFor();

  await findPartner(bo.page, 'Quick Focus');
  await bo.page.getByRole('heading', { name: 'Quick Focus · 25 minutes' }).waitFor();

  // Mid-session on the planner: no question asked, the bar counts down, the tab title too.
  await adaBar.getByText('Session running').waitFor();
  await expect.poll(() => adaBar.textContent()).toMatch(/\d+:\d\d left/);
  await expect.poll(() => ada.page.title()).toMatch(/^\d+:\d\d left · /);
  await expectAccessible(ada.page, 'planner with the session bar (desktop, light)');

  await navigate(bo.page, 'Progress');
  const boBar = bo.page.getByTestId('session-bar');
  await boBar.getByText('Session running').waitFor();
  await expectAccessible(bo.page, 'progress with the session bar (phone, dark)');
  // Bo's partner is still there: leaving the study page is not leaving the session.
  await boBar.getByRole('link', { name: 'Back to the session' }).click();
  await bo.page.getByRole('heading', { name: 'Quick Focus · 25 minutes' }).waitFor();
  await expect.poll(() => bo.page.getByTestId('presence').textContent()).toContain('Online');
  await navigate(bo.page, 'Progress');

  // The end reaches both where they are, with the full minutes (nobody was "disconnected").
  for (const student of [ada, bo]) {
    const bar = student.page.getByTestId('session-bar');
    await bar.getByText('Session complete').waitFor({ timeout: 30_000 });
    await bar.getByRole('link', { name: 'Check in' }).click();
    await student.page.getByRole('heading', { name: 'Session complete' }).waitFor();
    await expect.poll(() => student.page.getByTestId('minutes').textContent()).toContain('25');
    await student.page.getByText('Yes', { exact: true }).click();
    await student.page.getByRole('button', { name: 'Save check-in' }).click();
    await student.page.getByTestId('checked-in').waitFor();
    // Checked in: the bar is gone from the other pages.
    await navigate(student.page, 'Planner');
    await expect.poll(() => student.page.getByTestId('session-bar').count()).toBe(0);
  }

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});
