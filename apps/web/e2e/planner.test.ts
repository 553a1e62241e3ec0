import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { expectCleanConsole, navigate, PHONE, screenshot, signUp } from './support/browser';

const app = useApp();

/** A calendar day `days` from today in the students' zone (the browser contexts run in Europe/London). */
function dayFromToday(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

it('plans an assessment into stages, edits them, and publishes them as an .ics feed', async () => {
  const student = await app.open();
  await signUp(student);
  const { page } = student;
  await navigate(page, 'Planner');

  // No name: refused beside the field, the date kept as typed.
  await page.getByLabel('Due date').fill(dayFromToday(40));
  await page.getByRole('button', { name: 'Make a plan' }).click();
  const name = page.getByLabel('Assessment', { exact: true });
  await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
  const nameError = await name.getAttribute('aria-describedby');
  expect(await page.locator(`#${nameError?.split(' ')[0]}`).textContent()).toMatch(/\w/);
  expect(await page.getByLabel('Due date').inputValue()).toBe(dayFromToday(40));

  await name.fill('History essay');
  await page.getByRole('button', { name: 'Make a plan' }).click();
  const card = page.getByRole('article', { name: 'History essay' });
  await card.waitFor();
  const stage = (key: string) => card.locator(`[data-stage="${key}"]`);
  await expect.poll(() => card.locator('[data-stage]').count()).toBe(4);

  await stage('planning').getByLabel('Add a subtask to Planning and preparation').fill('Pick a question');
  await stage('planning').getByRole('button', { name: 'Add', exact: true }).click();
  await stage('planning').getByRole('checkbox', { name: 'Pick a question' }).waitFor();

  // An empty subtask is refused beside its field; the error goes once the student moves on.
  await stage('research').getByRole('button', { name: 'Add', exact: true }).click();
  const researchError = stage('research').getByRole('alert');
  await researchError.waitFor();
  await stage('planning').getByLabel('Add a subtask to Planning and preparation').fill('Read the sources list');
  await stage('planning').getByRole('button', { name: 'Add', exact: true }).click();
  await stage('planning').getByRole('checkbox', { name: 'Read the sources list' }).waitFor();
  await researchError.waitFor({ state: 'detached' });

  // A stage's end date saves when picked, without leaving the field.
  const planningEnd = stage('planning').getByLabel('Ends');
  const start = await planningEnd.getAttribute('min');
  if (!start) throw new Error('the first stage has a start date');
  const sixDaysIn = new Date(`${start}T00:00:00Z`);
  sixDaysIn.setUTCDate(sixDaysIn.getUTCDate() + 6);
  await planningEnd.fill(sixDaysIn.toISOString().slice(0, 10));
  await expect.poll(() => stage('planning').textContent()).toContain('· 7 days');

  await expectAccessible(page, 'planner with an assessment (desktop, light)');
  await screenshot(page, 'planner-desktop-light');

  // A later due date keeps the end the student chose, since it still fits.
  await card.getByRole('button', { name: 'Change due date of History essay' }).click();
  await card.getByLabel('Due date').fill(dayFromToday(60));
  await card.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => card.textContent()).toMatch(/Due .*\(in 60 days\)/);
  expect(await stage('planning').textContent()).toContain('· 7 days');

  await card.getByRole('button', { name: 'Calendar' }).click();
  await card.getByRole('button', { name: 'Make a calendar link' }).click();
  const link = card.getByLabel('Calendar link');
  await expect.poll(() => link.inputValue()).toMatch(/\/calendar\/.+\.ics$/);
  const feed = await student.context.request.get(await link.inputValue());
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const ics = await feed.text();
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics.match(/BEGIN:VEVENT/g)?.length).toBeGreaterThanOrEqual(4);
  expect(ics).toContain('History essay');

  expectCleanConsole(student);
});

it('folds an assessment, and reads one-day stages as one day (phone, dark)', async () => {
  const student = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await signUp(student);
  const { page } = student;
  await navigate(page, 'Planner');
  await page.getByLabel('Assessment', { exact: true }).fill('Quiz');
  await page.getByLabel('Due date').fill(dayFromToday(3));
  await page.getByRole('button', { name: 'Make a plan' }).click();
  const card = page.getByRole('article', { name: 'Quiz' });
  await card.waitFor();

  // A short plan has one-day stages: each reads as its day, never "Mon 3 Mar – Mon 3 Mar".
  const oneDay = card.locator('[data-stage]', { hasText: '· 1 day' });
  await expect.poll(() => oneDay.count()).toBeGreaterThan(0);
  for (const text of await oneDay.allTextContents()) expect(text).not.toContain('–');
  await expectAccessible(page, 'planner, short plan (phone, dark)');

  await card.getByRole('button', { name: 'Hide stages of Quiz' }).click();
  await expect.poll(() => card.locator('[data-stage]').first().isVisible()).toBe(false);
  await expectAccessible(page, 'planner, assessment folded (phone, dark)');
  await screenshot(page, 'planner-folded-phone-dark');
  // Folded stays folded on the next visit.
  await page.reload();
  await card.getByRole('button', { name: 'Show stages of Quiz' }).waitFor();

  expectCleanConsole(student);
});
