import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export type Viewport = typeof DESKTOP | typeof PHONE;
export type Scheme = 'light' | 'dark';

/**
 * The run's Chromium (launched once by the global setup), connected for one test file. Each
 * student is a context of their own; closing this connection closes the file's contexts.
 */
export function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('browserWsEndpoint'));
}

export interface Account {
  email: string;
  username: string;
  password: string;
}

export function newAccount(prefix = 'b'): Account {
  const tag = `${prefix}_${randomBytes(6).toString('hex')}`.slice(0, 20);
  return { email: `${tag}@example.com`, username: tag, password: `maple ${randomBytes(6).toString('hex')} river` };
}

/** A signed-in browser's cookies and storage, to open more browsers already signed in. */
export type SignedIn = Exclude<BrowserContextOptions['storageState'], string | undefined>;

export interface Student {
  context: BrowserContext;
  page: Page;
  account: Account;
  /** Console errors and uncaught exceptions the page produced (answers 4xx are expected, not counted). */
  consoleErrors: string[];
  /** A new page in the same context (a second tab, or coming back after closing the first). */
  newPage(): Promise<Page>;
}

/** Failed requests the app answers for on purpose (401 signed out, 400 bad input, 404…). */
const EXPECTED = /Failed to load resource: the server responded with a status of 4\d\d/;

function watchConsole(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`Uncaught: ${error.message}`));
}

export async function openStudent(
  browser: Browser,
  baseURL: string,
  options: { viewport?: Viewport; colorScheme?: Scheme; account?: Account; signedIn?: SignedIn } = {},
): Promise<Student> {
  const context = await browser.newContext({
    baseURL,
    ...(options.signedIn ? { storageState: options.signedIn } : {}),
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  const newPage = async () => {
    const page = await context.newPage();
    watchConsole(page, consoleErrors);
    return page;
  };
  return { context, page: await newPage(), account: options.account ?? newAccount(), consoleErrors, newPage };
}

export async function signUp(student: Student): Promise<void> {
  const { page, account } = student;
  await page.goto('/signup');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/home');
}

export async function signIn(student: Student, identifier = student.account.username): Promise<void> {
  const { page, account } = student;
  await page.goto('/signin');
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/home');
}

/** A full-page screenshot kept with the run's artifacts (outside the repository's tracked files). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(inject('artifactsDir'), `${name}.png`), fullPage: true });
}

export function expectCleanConsole(student: Student): void {
  expect(student.consoleErrors, `console of ${student.account.username}`).toEqual([]);
}

/** Follows a link of the main navigation, through the menu button on a phone. */
export async function navigate(page: Page, name: string): Promise<void> {
  const phone = (page.viewportSize()?.width ?? DESKTOP.width) < 768;
  if (phone) await page.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/${name.toLowerCase()}`);
}

/** Opens Settings from the account menu (desktop) or the menu panel (phone). */
export async function openSettings(page: Page): Promise<void> {
  const phone = (page.viewportSize()?.width ?? DESKTOP.width) < 768;
  await page.getByRole('button', { name: phone ? 'Open menu' : 'Account menu' }).click();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/settings');
}
