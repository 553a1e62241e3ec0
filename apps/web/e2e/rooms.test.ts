import { expect, it } from 'vitest';
import { useApp } from './support/app';
import { expectAccessible } from './support/axe';
import { DESKTOP, expectCleanConsole, navigate, PHONE, screenshot, signUp } from './support/browser';
import { createRoom, memberCard } from './support/rooms';

// A schedule minute lasts a second: a 10-minute focus block is 10 s, the 30-minute break 30 s.
const app = useApp({ STUDY_MINUTE_MS: '1000', SWEEP_INTERVAL_MS: '100' });

it('a public room: found live in the directory, joined, chat in the break, mute and remove', async () => {
  const ada = await app.open({ viewport: DESKTOP, colorScheme: 'light' });
  const bo = await app.open({ viewport: PHONE, colorScheme: 'dark' });
  await Promise.all([signUp(ada), signUp(bo)]);

  // Bo watches the directory before the room exists: it appears without a reload.
  await navigate(bo.page, 'Rooms');
  const name = `Calculus ${ada.account.username}`;
  await createRoom(ada.page, { name, cycle: { focus: 10, break: 30, blocks: 2, longBreak: 5 } });
  await ada.page.getByRole('heading', { name, level: 1 }).waitFor();
  const card = bo.page.getByTestId('room-card').filter({ hasText: name });
  await card.waitFor();
  expect(await card.getByTestId('occupancy').textContent()).toContain('1 / 12');
  await expectAccessible(bo.page, 'rooms directory (phone, dark)');

  await card.getByRole('link', { name: `Join ${name}` }).click();
  await bo.page.getByLabel('What I will work on').fill('Integrals');
  await bo.page.getByRole('button', { name: 'Join the room' }).click();

  // Both see both; only the host has the host's tools.
  await memberCard(bo.page, ada.account.username).getByText('Host').waitFor();
  await memberCard(ada.page, bo.account.username).getByText('Integrals').waitFor();
  expect(await bo.page.getByTestId('host-controls').count()).toBe(0);
  await expectAccessible(ada.page, 'room, host (desktop, light)');

  // The cycle: focus with chat closed, then the break with chat open.
  await ada.page.getByRole('button', { name: 'Start the cycle' }).click();
  for (const student of [ada, bo]) await student.page.getByTestId('phase-name').getByText('Focus block 1').waitFor();
  await bo.page.getByTestId('chat-closed').getByText('Chat is closed while you focus').waitFor();
  await expect.poll(() => ada.page.title()).toMatch(/^\d\d:\d\d focus · /);
  await screenshot(bo.page, 'room-focus-phone-dark');

  await bo.page.getByTestId('phase-name').getByText('Break', { exact: true }).waitFor({ timeout: 30_000 });
  await bo.page.getByLabel('Message', { exact: true }).fill('Stretch time');
  await bo.page.getByRole('button', { name: 'Send' }).click();
  await bo.page.getByTestId('message').getByText('Stretch time', { exact: true }).waitFor();
  await ada.page.getByTestId('message').getByText('Stretch time', { exact: true }).waitFor();
  await expectAccessible(bo.page, 'room, break (phone, dark)');
  await screenshot(ada.page, 'room-break-desktop-light');

  // The host mutes Bo, who can read but not send; then removes them.
  await ada.page.getByRole('button', { name: `Mute ${bo.account.username}` }).click();
  await bo.page.getByTestId('chat-closed').getByText('The host muted you').waitFor();
  await memberCard(ada.page, bo.account.username).getByText('Muted').waitFor();
  await ada.page.getByRole('button', { name: `Remove ${bo.account.username}` }).click();
  await ada.page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await bo.page.getByTestId('removed').waitFor();
  await expect.poll(() => memberCard(ada.page, bo.account.username).count()).toBe(0);

  expectCleanConsole(ada);
  expectCleanConsole(bo);
});

it('a private room: not listed, "Room not found" without its link or after a new one, joinable with it', async () => {
  const cy = await app.open({ viewport: DESKTOP });
  const dee = await app.open({ viewport: PHONE });
  await Promise.all([signUp(cy), signUp(dee)]);

  const name = `Friends of ${cy.account.username}`;
  await cy.page.goto('/rooms/new');
  await cy.page.getByText('Custom', { exact: true }).click();
  await expectAccessible(cy.page, 'create a room, custom cycle (desktop, light)');
  await createRoom(cy.page, { name, visibility: 'private' });
  await cy.page.getByRole('heading', { name: 'Your private room is ready' }).waitFor();
  const link = await cy.page.getByTestId('invite-link').inputValue();
  const roomPath = new URL(link).pathname;

  await dee.page.goto('/rooms');
  await dee.page.getByRole('heading', { name: 'Study rooms' }).waitFor();
  expect(await dee.page.getByTestId('room-card').filter({ hasText: name }).count()).toBe(0);
  await dee.page.goto(roomPath);
  await dee.page.getByRole('heading', { name: 'Room not found' }).waitFor();

  // The host makes a new link: the old one stops working.
  await cy.page.getByRole('link', { name: 'Open the room' }).click();
  await cy.page.getByRole('button', { name: 'Make a new link' }).click();
  await expect.poll(() => cy.page.getByTestId('invite-link').inputValue()).not.toBe(link);
  const fresh = await cy.page.getByTestId('invite-link').inputValue();
  await dee.page.goto(new URL(link).pathname + new URL(link).search);
  await dee.page.getByRole('heading', { name: 'Room not found' }).waitFor();

  await dee.page.goto(new URL(fresh).pathname + new URL(fresh).search);
  await dee.page.getByRole('heading', { name, level: 1 }).waitFor();
  await dee.page.getByRole('button', { name: 'Join the room' }).click();
  await memberCard(cy.page, dee.account.username).waitFor();

  // Elsewhere in the app, the bar says where Dee is and leads back.
  await navigate(dee.page, 'Planner');
  await dee.page.getByTestId('session-bar').getByText(`You are in room ${name}`).waitFor();
  await dee.page
    .getByTestId('session-bar')
    .getByRole('link', { name: /Back to the room/ })
    .click();
  await dee.page.getByRole('heading', { name, level: 1 }).waitFor();

  expectCleanConsole(cy);
  expectCleanConsole(dee);
});
