import { it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { expectCleanConsole, signUp } from './support/browser';
import { findPartner } from './support/study';

// Several tabs of one student: what one tab does, the others follow without a click.
const app = useApp();

it('sends the other tabs to sign in at once when one tab signs out', async () => {
  const student = await app.open();
  await signUp(student);
  const second = await student.newPage();
  // The second tab's live connection is down (never reaches the server): tabs tell each other.
  await second.routeWebSocket(/.*/, () => {});
  await second.goto('/progress');
  await second.getByRole('heading', { level: 1, name: 'Progress' }).waitFor();

  await student.page.getByRole('button', { name: 'Account menu' }).click();
  await student.page.getByRole('button', { name: 'Sign out' }).click();
  await student.page.waitForURL((url) => url.pathname === '/');

  // No click, no navigation in the second tab: it leaves the signed-in page by itself.
  await second.waitForURL((url) => url.pathname === '/signin');
  expectCleanConsole(student);
});

it('shows a search started in one tab in the others, and never joins it silently with another length', async () => {
  const student = await app.open();
  await signUp(student);
  const second = await student.newPage();
  await second.goto('/study');
  await second.getByRole('button', { name: 'Find a partner' }).waitFor();

  await findPartner(student.page, 'Quick Focus');
  await student.page.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  // The second tab, left on the length picker, follows the search.
  await second.getByRole('heading', { name: 'Looking for a partner…' }).waitFor();
  await second.getByText('25 minutes').first().waitFor();
  await expectAccessible(second, 'study, waiting followed from another tab');

  // Cancelled in the second tab: the first goes back to the length picker.
  await second.getByRole('button', { name: 'Cancel' }).click();
  await student.page.getByRole('button', { name: 'Find a partner' }).waitFor();

  expectCleanConsole(student);
});
