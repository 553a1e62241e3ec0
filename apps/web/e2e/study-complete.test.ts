import { expect, it } from 'vitest';
import { STUDY_ENV } from '../../server/test/support/study';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, PHONE, screenshot, signUp, type Student, navigate } from './support/browser';
import { findPartner } from './support/study';

// A study minute lasts 80 ms here, so a 25-minute session is over in two seconds.
const app = useApp(STUDY_ENV);

async function checkIn(student: Student, answer: 'Yes' | 'Partly' | 'No', note: string) {
  const { page } = student;
  await page.getByText(answer, { exact: true }).click();
  await page.getByLabel('Note').fill(note);
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.getByTestId('checked-in').getByText(answer, { exact: true }).waitFor();
}

it('pairs two students whose session completes; both check in and see it on progress and the leaderboard', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'dark' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'light' });
  await Promise.all([signUp(ada), signUp(bo)]);

  await findPartner(ada.page, 'Quick Focus', 'Chapter 4 problems');
  await ada.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  await expectAccessible(ada.page, 'study, waiting (desktop, dark)');
  await findPartner(bo.page, 'Quick Focus');

  for (const student of [ada, bo]) {
    await student.page.getByRole('heading', { name: 'Session complete' }).waitFor();
    await expect.poll(() => student.page.getByTestId('minutes').textContent()).toContain('25');
  }
  await expectAccessible(ada.page, 'study, ended (desktop, dark)');
  await expectAccessible(bo.page, 'study, ended (phone, light)');
  await screenshot(ada.page, 'study-complete-desktop-dark');
  await screenshot(bo.page, 'study-complete-phone-light');

  await checkIn(ada, 'Yes', 'All of chapter 4');
  // Focus stays in the check-in, where the saved answer now is, not on the page body.
  await expect
    .poll(() => ada.page.evaluate(() => document.activeElement?.closest('[data-testid="checked-in"]') !== null))
    .toBe(true);
  await checkIn(bo, 'Partly', 'Half of it');

  for (const student of [ada, bo]) {
    await navigate(student.page, 'Progress');
    const total = student.page
      .locator('div', { has: student.page.getByText('Total study time', { exact: true }) })
      .last();
    await expect.poll(() => total.locator('dd').first().textContent()).toContain('25 min');
    const completed = student.page
      .locator('div', { has: student.page.getByText('Completed sessions', { exact: true }) })
      .last();
    await expect.poll(() => completed.locator('dd').first().textContent()).toContain('1');

    await navigate(student.page, 'Leaderboard');
    // Equal minutes share a rank: both are 1st of 2.
    await expect.poll(() => student.page.getByTestId('my-row').textContent()).toMatch(/1st\s+of 2\s+·\s+25 min/);
  }

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});
