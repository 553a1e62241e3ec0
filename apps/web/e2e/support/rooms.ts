import type { Page } from 'playwright-core';

export interface NewRoom {
  name: string;
  visibility?: 'public' | 'private';
  /** A custom cycle (minutes); the 25/5 preset otherwise. */
  cycle?: { focus: number; break: number; blocks: number; longBreak: number };
}

/** On /rooms/new: fills the form and creates the room. */
export async function createRoom(page: Page, room: NewRoom): Promise<void> {
  await page.goto('/rooms/new');
  await page.getByLabel('Name').fill(room.name);
  if (room.visibility === 'private') await page.getByText('Private', { exact: true }).click();
  if (room.cycle) {
    await page.getByText('Custom', { exact: true }).click();
    await page.getByLabel('Focus block (minutes)', { exact: true }).fill(String(room.cycle.focus));
    await page.getByLabel('Break (minutes)', { exact: true }).fill(String(room.cycle.break));
    await page.getByLabel('Focus blocks before a long break').fill(String(room.cycle.blocks));
    await page.getByLabel('Long break (minutes)').fill(String(room.cycle.longBreak));
  }
  await page.getByRole('button', { name: 'Create the room' }).click();
}

export const memberCard = (page: Page, username: string) =>
  page.getByTestId('member').filter({ has: page.getByTestId('member-name').getByText(username, { exact: true }) });
