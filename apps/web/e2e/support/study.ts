import type { Page } from 'playwright-core';

/** On /study: picks a length and asks for a partner. */
export async function findPartner(page: Page, length: 'Quick Focus' | 'Deep Study' | 'Marathon', goal?: string) {
  await page.goto('/study');
  await page.getByText(length, { exact: true }).click();
  if (goal) await page.getByLabel('What I will work on').fill(goal);
  await page.getByRole('button', { name: 'Find a partner' }).click();
}

export const presenceOf = (page: Page) => page.getByTestId('presence');
