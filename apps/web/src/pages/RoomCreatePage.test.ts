import { afterEach, describe, expect, it } from 'vitest';
import { FakeServerError, testUser, type FakeHandlers } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { createRoomServer, INVITE, ROOM_ID } from '../test/roomFixtures';

afterEach(unmountAll);

async function renderCreate(create: (input: unknown) => unknown) {
  const handlers = {
    'auth.me': () => testUser,
    'rooms.create': create,
    'rooms.get': () => {
      throw new FakeServerError('NOT_FOUND', 'Room not found');
    },
  } as FakeHandlers;
  return renderApp('/rooms/new', handlers);
}

const errorOf = (app: Awaited<ReturnType<typeof renderCreate>>, id: string) =>
  app.wrapper.find(`#${id}-error`).exists() ? app.wrapper.find(`#${id}-error`).text() : null;

describe('create a room', () => {
  it('sends the 25/5 preset by default and opens the new public room', async () => {
    const app = await renderCreate(() => ({ ...createRoomServer({ host: true }).room(), inviteCode: null }));
    await app.wrapper.find('#room-name').setValue('  Calculus crew ');
    await app.wrapper.find('#room-tag').setValue('MATH 201');
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('rooms.create' as never).map((c) => c.input)).toEqual([
      {
        name: 'Calculus crew',
        tag: 'MATH 201',
        visibility: 'public',
        capacity: 12,
        cycle: {
          focusMinutes: 25,
          breakMinutes: 5,
          cyclesBeforeLongBreak: 4,
          longBreakMinutes: 15,
          chatDuringFocus: false,
        },
      },
    ]);
    expect(app.router.currentRoute.value.path).toBe(`/rooms/${ROOM_ID}`);
  });

  it('checks a custom cycle in the browser first and names each field, sending nothing', async () => {
    const app = await renderCreate(() => ({ ...createRoomServer({ host: true }).room(), inviteCode: null }));
    await app.wrapper.find('input[name="preset"][value="custom"]').setValue(true);
    await app.wrapper.find('#room-focus').setValue('5');
    await app.wrapper.find('#room-break').setValue('45');
    await app.wrapper.find('#room-capacity').setValue('60');
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(errorOf(app, 'room-name')).toBe('Give the room a name');
    expect(errorOf(app, 'room-focus')).toBe('The focus length is at least 10 minutes');
    expect(errorOf(app, 'room-break')).toBe('The break length is at most 30 minutes');
    expect(errorOf(app, 'room-capacity')).toBe('A room holds 2 to 50 students');
    expect(app.wrapper.find('#room-name').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('room-name');
    expect(app.callsTo('rooms.create' as never)).toHaveLength(0);
  });

  it('shows the server’s field errors beside their fields', async () => {
    const app = await renderCreate(() => {
      throw new FakeServerError('BAD_REQUEST', 'Invalid input', {
        name: ['That name is taken by another of your rooms'],
        'cycle.longBreakMinutes': ['The long break length is at least 5 minutes'],
      });
    });
    await app.wrapper.find('#room-name').setValue('Calculus crew');
    await app.wrapper.find('input[name="preset"][value="custom"]').setValue(true);
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(errorOf(app, 'room-name')).toBe('That name is taken by another of your rooms');
    expect(errorOf(app, 'room-long-break')).toBe('The long break length is at least 5 minutes');
  });

  it('shows a private room’s invite link to copy', async () => {
    const app = await renderCreate(() => ({
      ...createRoomServer({ host: true, visibility: 'private' }).room(),
      inviteCode: INVITE,
    }));
    await app.wrapper.find('#room-name').setValue('Study buddies');
    await app.wrapper.find('input[name="visibility"][value="private"]').setValue(true);
    await app.wrapper.find('input[name="preset"][value="deep"]').setValue(true);
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('rooms.create' as never)[0]?.input).toMatchObject({
      visibility: 'private',
      cycle: { focusMinutes: 50, breakMinutes: 10 },
    });
    expect(app.wrapper.text()).toContain('Your private room is ready');
    const link = app.wrapper.find<HTMLInputElement>('[data-testid="invite-link"]').element.value;
    expect(link).toBe(`${window.location.origin}/rooms/${ROOM_ID}?code=${INVITE}`);
  });
});
