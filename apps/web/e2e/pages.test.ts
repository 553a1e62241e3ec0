import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './support/app';
import { axeViolations } from './support/axe';
import {
  DESKTOP,
  expectCleanConsole,
  PHONE,
  screenshot,
  signUp,
  type Scheme,
  type SignedIn,
  type Student,
  type Viewport,
} from './support/browser';

// Every page and state, light and dark, desktop and 390 px: axe-core finds nothing.
const app = useApp();
let signedIn: SignedIn;
let account: Student['account'];

beforeAll(async () => {
  const student = await app.open();
  await signUp(student);
  account = student.account;
  // Two assessments on the planner, so their stages (with the same names) are checked too.
  await student.page.goto('/planner');
  for (const [name, days] of [
    ['Chemistry lab report', 30],
    ['Maths exam', 3],
  ] as const) {
    await student.page.getByLabel('Assessment', { exact: true }).fill(name);
    const due = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    await student.page.getByLabel('Due date').fill(due);
    await student.page.getByRole('button', { name: 'Make a plan' }).click();
    await student.page.getByRole('article', { name }).waitFor();
  }
  signedIn = await student.context.storageState();
  await student.context.close();
});

const combos: { size: string; viewport: Viewport; scheme: Scheme }[] = [
  { size: 'desktop', viewport: DESKTOP, scheme: 'light' },
  { size: 'desktop', viewport: DESKTOP, scheme: 'dark' },
  { size: 'phone', viewport: PHONE, scheme: 'light' },
  { size: 'phone', viewport: PHONE, scheme: 'dark' },
];

describe.each(combos)('$size, $scheme', ({ size, viewport, scheme }) => {
  const found: Record<string, unknown[]> = {};
  async function check(page: Page, state: string, ready: Locator, shot = false): Promise<void> {
    await ready.waitFor();
    const violations = await axeViolations(page);
    if (violations.length > 0) found[state] = violations;
    if (shot) await screenshot(page, `${state.replaceAll(/\W+/g, '-')}-${size}-${scheme}`);
  }
  const phone = size === 'phone';

  it('signed-out pages: landing, sign in, sign up with errors, and an unknown URL', async () => {
    const visitor = await app.open({ viewport, colorScheme: scheme });
    const { page } = visitor;
    await page.goto('/');
    await check(page, 'landing', page.getByRole('heading', { level: 1 }), true);
    await page.goto('/signin');
    await check(page, 'sign in', page.getByRole('button', { name: 'Sign in' }), true);
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await check(page, 'sign up with errors', page.locator('[aria-invalid="true"]').first(), true);
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await check(page, 'not found', page.getByRole('heading', { name: 'Page not found' }), true);
    expect(found).toEqual({});
    expectCleanConsole(visitor);
  });

  it('signed-in pages, their menus, the study length picker and the rooms pages', async () => {
    const student = await app.open({ viewport, colorScheme: scheme, account, signedIn });
    const { page } = student;

    await page.goto('/home');
    await check(page, 'home', page.getByTestId('week-minutes'), true);
    await page.goto('/study');
    await check(page, 'study', page.getByRole('heading', { name: 'Start a session' }), true);
    await page.getByText('Deep Study', { exact: true }).click();
    await check(page, 'study, a length chosen', page.getByRole('radio', { name: /Deep Study/ }));
    await page.goto('/planner');
    await page.getByRole('article', { name: 'Maths exam' }).waitFor();
    await check(page, 'planner', page.getByRole('article', { name: 'Chemistry lab report' }), true);
    await page.goto('/progress');
    await check(page, 'progress', page.getByText('Total study time'), true);
    await page.goto('/leaderboard');
    await check(page, 'leaderboard', page.getByTestId('my-row'), true);
    await page.goto('/settings');
    await check(page, 'settings', page.getByRole('button', { name: 'Save settings' }), true);
    await page.goto('/rooms');
    await check(page, 'rooms', page.getByRole('heading', { name: 'Study rooms' }), true);
    await page.goto('/rooms/new');
    await page.getByRole('button', { name: 'Create the room' }).click();
    await check(page, 'create a room with errors', page.locator('[aria-invalid="true"]').first(), true);

    await page.getByTestId('notifications-button').click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await check(page, 'notifications open', panel);
    // The panel fits the screen, also on a phone.
    const box = await panel.boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    await page.keyboard.press('Escape');

    if (phone) {
      await page.getByRole('button', { name: 'Open menu' }).click();
      await check(page, 'menu open', page.getByRole('button', { name: 'Close menu' }));
    } else {
      await page.getByRole('button', { name: 'Account menu' }).click();
      await check(page, 'account menu open', page.getByRole('button', { name: 'Sign out' }));
    }
    expect(found).toEqual({});
    expectCleanConsole(student);
  });
});
